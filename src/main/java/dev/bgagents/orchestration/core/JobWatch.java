package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.summary.Drilldown;
import dev.bgagents.text.Printable;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jobs as the host reads them — status, waits, summaries, detail pages — and cancels them. */
public final class JobWatch implements Watching, Summarizing, Cancelling {
    /** What the rooms add to what the host reads: reviews, groups, chains, plans. */
    public record Readings(ReviewNotes reviews, GroupReading groups, ChainReading chains, PlanReading plans) {
    }

    private final JobStore store;
    private final JobRuntime runtime;
    private final Ids ids;
    private final Summaries summaries;
    private final Readings readings;

    public JobWatch(JobRuntime runtime, Ids ids, Summaries summaries, Readings readings) {
        this.store = runtime.store();
        this.runtime = runtime;
        this.ids = ids;
        this.summaries = summaries;
        this.readings = readings;
    }

    @Override
    public String review(Job job) {
        return readings.reviews().brief(job);
    }

    @Override
    public Job job(String id) {
        return ids.seen(id);
    }

    @Override
    public List<Job> attempts(String id) {
        return Ids.isGroup(id) ? ids.attempts(id) : List.of();
    }

    @Override
    public java.util.Optional<GroupSummary> groupSummary(String id, int maxChars) {
        if (!Ids.isGroup(id)) {
            return java.util.Optional.empty();
        }
        List<Job> attempts = ids.attempts(id);
        boolean ended = attempts.stream().allMatch(j -> j.status().isTerminal());
        String md = readings.groups().summary(id, attempts, maxChars);
        if (ended) {
            attempts.stream().filter(j -> !j.state().summaryRead()).forEach(j -> store.markRead(j.id()));
        }
        return java.util.Optional.of(new GroupSummary(id, attempts, ended ? readings.groups().winner(attempts) : null,
                md));
    }

    @Override
    public java.util.Optional<List<Job>> planJobs(String session) {
        return readings.plans().jobs(session);
    }

    @Override
    public java.util.Optional<PlanSummary> planSummary(String session, int maxChars) {
        return readings.plans().summary(session, maxChars).map(md -> {
            List<Job> jobs = readings.plans().jobs(session).orElse(List.of());
            jobs.forEach(this::markReadIfEnded);
            return new PlanSummary(session, md, jobs.stream().anyMatch(j -> j.status().isActive()),
                    jobs.stream().anyMatch(j -> j.status().isTerminal() && j.status() != dev.bgagents.jobs.JobStatus.SUCCEEDED));
        });
    }

    /** As it is now — or, for a job whose task fell back to other providers, the chain's job now. */
    @Override
    public Job latest(String id) {
        return ids.latest(id);
    }

    @Override
    public List<Job> defaults() {
        // as seen first: another server's job that has ended is not this session's to read
        return store.all().stream().map(runtime::asSeen)
                .filter(j -> j.status().isActive() || (!j.state().summaryRead() && !store.belongsElsewhere(j.id())))
                .toList();
    }

    @Override
    public List<Job> all() {
        return store.all().stream().map(runtime::asSeen).toList();
    }

    @Override
    public long changes() {
        return store.changes();
    }

    @Override
    public void awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        store.awaitChange(seen, deadlineNanos);
    }

    @Override
    public String activity(Job j) {
        return summaries.redactor().redact(activityOf(j));
    }

    private String activityOf(Job j) {
        if (j.status() == dev.bgagents.jobs.JobStatus.WAITING) {
            return dev.bgagents.runtime.WaitLine.of(j, store.files(j.id()), java.time.Instant.now());
        }
        if (!runtime.preparing(j.id())) {
            return j.doing();
        }
        // the checkout, or a step between it and the agent (its bootstrap, its setup), which says what it does
        boolean checkingOut = j.state().unfinishedStep().map(s -> s.name().equals(StepRecord.PREPARE)).orElse(true);
        return checkingOut || j.state().lastActivity() == null ? "starting: checking out its worktree"
                : "starting: " + j.state().lastActivity();
    }

    @Override
    public Map<String, String> overlaps(List<Job> jobs) {
        List<Job> active = store.all().stream().filter(j -> j.status().isActive()).toList();
        return Overlaps.of(jobs.stream().filter(j -> j.status().isActive()).toList(), active, Set.of());
    }

    @Override
    public String markdown(Job job, int maxChars) {
        return summaries.of(job, maxChars);
    }

    @Override
    public Summary summary(Job asked, int maxChars) {
        List<Job> chain = ids.chain(asked);
        if (chain.size() > 1) {
            chain.forEach(this::markReadIfEnded);
            Job kept = chain.get(chain.size() - 1);
            return new Summary(kept, readings.chains().summary(chain, maxChars), finalChars(kept));
        }
        Job job = asked;
        String md = summaries.of(job, maxChars);
        markReadIfEnded(job);
        return new Summary(job, md, finalChars(job));
    }

    private void markReadIfEnded(Job job) {
        // a job read as ended from its exit record is marked once its owner has recorded the end
        if (job.status().isTerminal() && !job.state().summaryRead()
                && store.get(job.id()).map(j -> j.status().isTerminal()).orElse(false)) {
            store.markRead(job.id());
        }
    }

    private static int finalChars(Job job) {
        return job.report() == null || job.report().finalMessage() == null ? 0 : job.report().finalMessage().length();
    }

    @Override
    public Page page(Job job, Section section, long offset, int max) {
        if (section == Section.LOG) {
            Drilldown.Bytes b = Drilldown.logPage(store.files(job.id()).stdout(), offset, max, summaries.redactor());
            if (b.total() == 0 && b.text().isEmpty() && !java.nio.file.Files.exists(store.files(job.id()).stdout())) {
                return new Page(job, section, "(no output yet)", 0, null, 0);
            }
            String head = "### log of " + job.id() + ": bytes " + b.from() + "–" + b.to() + " of " + b.total() + "\n";
            String footer = b.to() < b.total() ? "\n(more: section=log offset=" + b.to() + ")" : "";
            return new Page(job, section, head + Printable.text(summaries.redactor().redact(b.text())) + footer, b.from(),
                    b.to() < b.total() ? b.to() : null, b.total());
        }
        String whole = Drilldown.text(job, store.files(job.id()), section.wire(), summaries.redactor());
        int from = charStart(whole, (int) Math.min(offset, whole.length()));
        int to = charStart(whole, Math.min(whole.length(), from + max));
        if (to <= from && from < whole.length()) {
            to = Math.min(whole.length(), from + Character.charCount(whole.codePointAt(from)));
        }
        String head = "### " + section.wire() + " of " + job.id() + ": characters " + from + "–" + to + " of "
                + whole.length() + "\n";
        String footer = to < whole.length() ? "\n(more: section=" + section.wire() + " offset=" + to + ")" : "";
        return new Page(job, section, head + whole.substring(from, to) + footer, from,
                to < whole.length() ? (long) to : null, whole.length());
    }

    /** {@code i}, or one before when it would cut a surrogate pair in two. */
    private static int charStart(String s, int i) {
        return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))
                && Character.isHighSurrogate(s.charAt(i - 1)) ? i - 1 : i;
    }

    @Override
    public Job current(String id) {
        return ids.latest(id);
    }

    /** The job and, when its provider failed it as the cancel came, what took its task over ({@link ChainCancel}). */
    @Override
    public Job cancel(String id) {
        return ChainCancel.cancel(store, runtime, id);
    }
}
