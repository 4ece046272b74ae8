package dev.bgagents.orchestration.notify;

import dev.bgagents.config.NotifySettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.summary.JobLine;
import dev.bgagents.summary.Redactor;
import dev.bgagents.text.Clip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells the person — not the host's model, which has its own channels — what happened while they
 * looked elsewhere: a job or a plan ended, a job stopped over its budget, a merge refused, and (for
 * approvals, once they come) a job waiting for an answer. Each event is recorded once in the
 * project's outbox, keyed by what it is about, so a job's end — recorded once, by the server that
 * owns the job — is told once, after a restart too; then it is queued for the configured sinks and
 * this returns.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final int OUTCOME_CHARS = 300;

    private final String project;
    private final Redactor redactor;
    private final JobStore store;
    private final PlanSessions plans;
    private final Outbox outbox;
    private final Deliveries deliveries;

    /** The sinks {@code settings} names, over {@code outbox} (the project's {@code .context/notify/}). */
    public Notifier(Path project, Path outboxDir, NotifySettings settings, Redactor redactor, ProcessControl processes,
                    JobStore store, PlanSessions plans) {
        this(project, outboxDir, settings, redactor, processes, store, plans, Duration.ofSeconds(1));
    }

    Notifier(Path project, Path outboxDir, NotifySettings settings, Redactor redactor, ProcessControl processes,
             JobStore store, PlanSessions plans, Duration firstRetry) {
        this.project = project.toString();
        this.redactor = redactor;
        this.store = store;
        this.plans = plans;
        this.outbox = new Outbox(outboxDir);
        this.deliveries = new Deliveries(outbox, sinks(project, outbox, settings, processes), firstRetry);
    }

    static List<Deliveries.Subscribed> sinks(Path project, Outbox outbox, NotifySettings s, ProcessControl processes) {
        ShortCommand commands = new ShortCommand(processes, project);
        List<Deliveries.Subscribed> out = new ArrayList<>();
        if (s.desktop() != null) {
            out.add(new Deliveries.Subscribed(new DesktopSink(commands, outbox.dir(), System.getProperty("os.name", "")),
                    s.desktop().events()));
        }
        if (s.hook() != null) {
            out.add(new Deliveries.Subscribed(new HookSink(s.hook().command(), seconds(s.hook().timeoutSeconds()), commands,
                    outbox, project), s.hook().events()));
        }
        if (s.webhook() != null) {
            out.add(new Deliveries.Subscribed(new WebhookSink(s.webhook().url(), s.webhook().secretEnv(),
                    seconds(s.webhook().timeoutSeconds()), System.getenv()), s.webhook().events()));
        }
        return out;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /** For doctor: each configured sink, what it is, and whether it can work here. */
    public static List<String> describe(Path project, NotifySettings settings) {
        Outbox none = new Outbox(project.resolve(".context").resolve("notify"));
        return sinks(project, none, settings, ProcessControl.forThisSystem()).stream().map(Deliveries.Subscribed::sink).map(s -> String.format("%-9s %s%s",
                s.name(), s.describe(), s.cannotWorkHere().map(w -> "   CANNOT WORK HERE: " + w).orElse("   ok"))).toList();
    }

    /** Delivers what a stopped server left undelivered (in the background). */
    public void start() {
        if (deliveries.sinkNames().isEmpty()) {
            return;
        }
        Thread t = new Thread(() -> outbox.undelivered(deliveries.sinkNames(), Instant.now()).forEach(deliveries::offer),
                "bg-notify-start");
        t.setDaemon(true);
        t.start();
    }

    /** A job's end is on record: told as job_ended, and as budget_reached too when its budget stopped it. */
    public void jobEnded(Job job) {
        try {
            toldEnded(job);
        } catch (RuntimeException e) {
            // the host's own pushes come after this: they must not be lost to it
            LOG.warn("notify: the end of {} not told: {}", job.id(), e.toString());
        }
    }

    private void toldEnded(Job job) {
        String detail = job.state().reason() != null ? job.state().reason()
                : job.report() != null && job.report().finalMessage() != null ? "said: " + job.report().finalMessage() : null;
        String line = JobLine.line(job, Instant.now(), detail);
        emit(NotifySettings.JOB_ENDED, job.id(), job.id(), job.status().wire(), line, job.spec().relations().plan());
        if (job.status() == JobStatus.FAILED && job.state().reason() != null && job.state().reason().startsWith("over budget")) {
            emit(NotifySettings.BUDGET_REACHED, job.id(), job.id(), job.status().wire(), line, job.spec().relations().plan());
        }
        Optional.ofNullable(job.spec().relations().plan()).ifPresent(this::planMayHaveEnded);
    }

    /**
     * Reserved for approvals: {@code job} paused on {@code question} (one line, e.g. "Bash: rm -rf build"),
     * {@code requestId} naming that request for good (a restarted server asking again is not told twice).
     */
    public void jobWaiting(Job job, String requestId, String question) {
        emit(NotifySettings.JOB_WAITING, job.id() + "-" + requestId, job.id(), "waiting",
                job.id() + " waits for an answer: " + question, job.spec().relations().plan());
    }

    /**
     * merge_worktree refusals (conflicts, uncommitted changes in the target) are told, a plan's stop at a task
     * as that task's; dry runs are not.
     */
    public Merging watching(Merging merges) {
        return new Merging() {
            @Override
            public Outcome merge(Request request) {
                Merging.Outcome o = merges.merge(request);
                if (o.refusal() != null && !o.dryRun()) {
                    refused(o.jobId(), o.branch(), o.into(), o.refusal(), null);
                }
                return o;
            }

            @Override
            public PullRequest openPullRequest(PullRequestRequest request) {
                return merges.openPullRequest(request);
            }

            @Override
            public PlanMerge.Outcome mergePlan(PlanMerge.Request request) {
                PlanMerge.Outcome o = merges.mergePlan(request);
                if (!o.dryRun()) {
                    o.tasks().stream().filter(t -> t.state() == PlanMerge.State.REFUSED).forEach(t ->
                            refused(t.jobId(), t.stem(), o.into(), t.why(), o.session()));
                }
                return o;
            }
        };
    }

    /** A merge refused after it was answered: its conflicts were given to an agent, which did not resolve them. */
    public void mergeRefused(String jobId, String branch, String into, String why, String plan) {
        refused(jobId, branch, into, why, plan);
    }

    private void refused(String jobId, String what, String into, String why, String plan) {
        emit(NotifySettings.MERGE_REFUSED, jobId + "-" + Instant.now().toEpochMilli(), jobId, null,
                "merge of " + what + " into " + into + " refused: " + why, plan);
    }

    /** Every task of the plan has run and no job of it is still active (a fallback, a review). */
    private void planMayHaveEnded(String session) {
        Optional<PlanStatus> plan = plans.load(session);
        List<Job> jobs = store.all().stream().filter(j -> session.equals(j.spec().relations().plan())).toList();
        if (plan.isEmpty() || jobs.stream().anyMatch(j -> !j.status().isTerminal())
                || plan.get().tasks().stream().anyMatch(t -> t.jobId() == null)) {
            return;
        }
        long ok = plan.get().tasks().stream().map(PlanTask::jobId).map(store::get)
                .filter(j -> j.isPresent() && j.get().status() == JobStatus.SUCCEEDED).count();
        int n = plan.get().tasks().size();
        String line = "plan " + session + " ended: " + ok + " of " + n + " tasks succeeded — " + plans.dir(session).resolve("summary.md");
        // a task resumed after the plan ended makes a later end of it an event of its own
        emit(NotifySettings.PLAN_ENDED, session + "-" + jobs.size(), null, ok == n ? "succeeded" : "failed", line, session);
    }

    private void emit(String type, String about, String jobId, String status, String outcome, String plan) {
        if (deliveries.sinkNames().isEmpty()) {
            return;
        }
        String id = (type + "-" + about).replaceAll("[^A-Za-z0-9_-]", "_");
        NotifyEvent e = new NotifyEvent(id, type, jobId, status, Clip.oneLine(redactor.redact(outcome), OUTCOME_CHARS),
                project, plan, Instant.now());
        try {
            if (outbox.add(e)) {
                deliveries.offer(e);
            }
        } catch (IOException | RuntimeException ex) {
            LOG.warn("notify: {} not recorded, so not sent: {}", id, ex.toString());
        }
    }

    @Override
    public void close() {
        deliveries.close();
    }
}
