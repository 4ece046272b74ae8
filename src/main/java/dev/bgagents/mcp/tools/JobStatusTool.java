package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Watching;
import dev.bgagents.summary.JobLine;
import dev.bgagents.text.Clip;
import io.modelcontextprotocol.spec.McpSchema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.bgagents.mcp.tools.Schemas.*;

/**
 * job_status: one line per job, and — with {@code wait} — a single call that returns the
 * moment a job ends, so the host never polls. A wait is capped below hosts' tool timeouts and
 * sends progress notifications while it lasts.
 */
public final class JobStatusTool implements BgTool {
    public static final String NAME = "job_status";
    static final String TITLE = "Status of background agent jobs, and wait for them to finish";
    /** Hosts time tool calls out at 60 s and more; staying under that keeps the wait alive. */
    static final int MAX_WAIT_SECONDS = 50;
    static final long PROGRESS_EVERY_MS = 5_000;
    /** Jobs listed per answer of each kind (active, ended): thousands of unread ended jobs must not flood the host. */
    static final int PAGE = 20;

    private final Watching jobs;

    public JobStatusTool(Watching jobs) {
        this.jobs = jobs;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("Background agent (bg-agents) jobs, one line each: job_ids, a plan's session, or the "
                        + "active and unread ended ones. wait=any (all) returns when one (every) job ends, within timeout_seconds (at "
                        + "most " + MAX_WAIT_SECONDS + "): call again while they run.")
                .inputSchema(object(List.of(),
                        "job_ids", strings(),
                        "session", string(),
                        "wait", oneOf(null, List.of("none", "any", "all")),
                        "timeout_seconds", integer()))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("wait for the background agents; is it done yet; check on running jobs and their progress"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(true).destructiveHint(false).idempotentHint(true).openWorldHint(false).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        String wait = args.choice("wait", List.of("none", "any", "all"), "none");
        Integer asked = args.integer("timeout_seconds", 0, 3600);
        int timeout = Math.min(asked == null ? MAX_WAIT_SECONDS : asked, MAX_WAIT_SECONDS);
        List<String> explicit = args.strings("job_ids");
        String session = args.string("session");
        if (session != null && explicit != null) {
            throw new BadInput("pass job_ids or session, not both");
        }
        List<String> ids = session != null ? jobs.planJobs(session).orElseThrow(() -> new BadInput("unknown plan session "
                + dev.bgagents.orchestration.api.Refusal.quoted(session) + ": pass the session decompose_plan answered with"))
                .stream().map(Job::id).toList()
                : explicit != null ? validated(explicit) : jobs.defaults().stream().map(Job::id).toList();

        Predicate<List<Job>> condition = switch (wait) {
            // a job waiting on a person needs the host now, as much as one that ended
            case "any" -> js -> js.isEmpty() || js.stream().anyMatch(j -> j.status().isTerminal()
                    || j.status() == JobStatus.WAITING);
            case "all" -> js -> js.stream().allMatch(j -> j.status().isTerminal());
            default -> js -> true;
        };
        long start = System.nanoTime();
        long deadline = start + timeout * 1_000_000_000L;
        long nextProgress = start + PROGRESS_EVERY_MS * 1_000_000;
        long seen = jobs.changes();
        List<Job> now = snapshot(ids);
        boolean met = condition.test(now);
        try {
            while (!met && System.nanoTime() < deadline) {
                jobs.awaitChange(seen, Math.min(deadline, nextProgress));
                seen = jobs.changes();
                now = snapshot(ids);
                met = condition.test(now);
                if (!met && System.nanoTime() >= nextProgress) {
                    long waited = (System.nanoTime() - start) / 1_000_000_000L;
                    progress.report(waited, timeout, "waiting for " + wait + " of " + now.size() + " jobs: "
                            + now.stream().filter(j -> j.status().isActive()).count() + " still active");
                    nextProgress += PROGRESS_EVERY_MS * 1_000_000;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double waited = Math.round((System.nanoTime() - start) / 1e8) / 10.0;
        return answer(now, session != null, wait, met, waited, timeout, asked != null && asked > MAX_WAIT_SECONDS);
    }

    /** The ids asked for, each once; a best-of-N group's id stands for its attempts. */
    private List<String> validated(List<String> ids) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            List<Job> attempts = jobs.attempts(id);
            if (attempts.isEmpty()) {
                out.add(jobs.job(id).id());
            } else {
                attempts.forEach(a -> out.add(a.id()));
            }
        }
        return new ArrayList<>(out);
    }

    /** Each job as it is now (a job that fell back: its chain's job now), each once. */
    private List<Job> snapshot(List<String> ids) {
        Map<String, Job> byId = new LinkedHashMap<>();
        ids.stream().map(jobs::latest).forEach(j -> byId.putIfAbsent(j.id(), j));
        return List.copyOf(byId.values());
    }

    /** The jobs one answer lists: the oldest page of active ones, the newest page of ended ones, in their order. */
    static List<Job> page(List<Job> all) {
        List<Job> active = all.stream().filter(j -> !j.status().isTerminal()).toList();
        List<Job> ended = all.stream().filter(j -> j.status().isTerminal()).toList();
        java.util.Set<String> shown = new java.util.HashSet<>();
        active.subList(0, Math.min(PAGE, active.size())).forEach(j -> shown.add(j.id()));
        ended.subList(Math.max(0, ended.size() - PAGE), ended.size()).forEach(j -> shown.add(j.id()));
        return all.stream().filter(j -> shown.contains(j.id())).toList();
    }

    /** What the page left out and how to see it; null when nothing was. */
    static String more(List<Job> all, List<Job> shown) {
        long active = all.stream().filter(j -> !j.status().isTerminal()).count()
                - shown.stream().filter(j -> !j.status().isTerminal()).count();
        long ended = all.size() - shown.size() - active;
        if (active + ended == 0) {
            return null;
        }
        return "Not listed: " + (ended > 0 ? ended + " older ended job" + (ended == 1 ? "" : "s") : "")
                + (active > 0 && ended > 0 ? " and " : "") + (active > 0 ? active + " more active" : "")
                + ". read_summary marks a job read, and it leaves this list; job_ids shows any job; "
                + "`bg-agents jobs` at a terminal lists them all.";
    }

    private Answer answer(List<Job> all, boolean planView, String wait, boolean met, double waited, int timeout, boolean capped) {
        Instant now = Instant.now();
        List<Job> list = page(all);
        String more = more(all, list);
        StringBuilder text = new StringBuilder();
        if (list.isEmpty()) {
            text.append("No active or unread jobs. spawn_agent starts one.");
        }
        Map<String, String> overlaps = jobs.overlaps(list);
        Map<String, String> continuedBy = continuedBy();
        List<Item> items = new ArrayList<>();
        for (Job j : list) {
            String activity = jobs.activity(j);
            String review = jobs.review(j);
            text.append(JobLine.line(j, now, activity));
            if (review != null) {
                text.append(j.spec().relations().reviewOf() != null ? " · verdict " + review + " (review of " + j.spec().relations().reviewOf()
                        + ")" : " · review " + review);
            }
            if (j.spec().relations().fallbackOf() != null) {
                text.append(" · fallback of ").append(j.spec().relations().fallbackOf());
            }
            if (j.spec().relations().continuedFrom() != null) {
                text.append(" · continues ").append(j.spec().relations().continuedFrom());
            }
            if (continuedBy.containsKey(j.id())) {
                text.append(" · continued by ").append(continuedBy.get(j.id()));
            }
            if (overlaps.containsKey(j.id())) {
                text.append(" · ").append(Clip.oneLine(overlaps.get(j.id()), 120));
            }
            text.append('\n');
            var v = j.state().verification();
            // a plan's view: its tasks are resumed by job id, their sessions are in each one's summary
            items.add(new Item(j.id(), j.spec().provider(), j.status(), j.state().exitCode(), j.elapsedSeconds(now),
                    planView ? null : j.state().sessionId(), activity, j.spec().verify() != null && v != null && v.outcome() != null
                    ? v.passed() : null, j.spec().relations().reviewOf(), review, overlaps.get(j.id()), j.spec().relations().fallbackOf(),
                    j.spec().relations().continuedFrom(), continuedBy.get(j.id())));
        }
        JobStatusNext after = JobStatusNext.of(list, wait, met, timeout, capped);
        text.append(after.text());
        if (more != null) {
            text.append('\n').append(more);
        }
        return Answer.of(text.toString().strip(), new Output(items, met, waited, after.next(), more));
    }

    /** For each job another CLI went on with (spawn_agent continue_from), the latest job that did. */
    private Map<String, String> continuedBy() {
        Map<String, String> by = new java.util.HashMap<>();
        jobs.all().stream().filter(j -> j.spec().relations().continuedFrom() != null)
                .forEach(j -> by.put(j.spec().relations().continuedFrom(), j.id()));
        return by;
    }

    /** What job_status answers. */
    record Output(@Out(value = "The jobs, oldest first.", required = true) List<Item> jobs,
                  @Out(value = "False when a wait ran out before its condition held.", required = true)
                  boolean conditionMet,
                  @Out(value = "How long the call waited.", min = 0, max = 3600) double waitedSeconds,
                  @Out("What to call next, when there is something to do.") String next,
                  @Out("The jobs this answer leaves out (at most " + PAGE + " active and " + PAGE + " ended are "
                          + "listed), and how to see them.") String more) {
    }

    /** One job as job_status shows it: only what is known (a null costs the host characters and says nothing). */
    record Item(@Out(value = "The job's id.", required = true) String jobId,
                @Out(value = "The agent CLI.", required = true) String provider,
                @Out(value = "Job state.", required = true) JobStatus status,
                @Out("The CLI's exit code, once it has exited.") Integer exitCode,
                @Out(value = "Seconds since it started (or was queued), up to its end.", required = true, min = 0,
                        max = Integer.MAX_VALUE) long elapsedSeconds,
                @Out("The agent's session id, once its output has shown it.") String sessionId,
                @Out("What the agent did last, or why it ended.") String lastActivity,
                @Out("For a job with verify: whether its work passed the check.") Boolean verified,
                @Out("For a review: the job it reviews.") String reviewOf,
                @Out("Its review in a few words: a review's verdict, or the author's latest review with its verdict.")
                String review,
                @Out("Other active jobs touching the same files, when there are any.") String overlaps,
                @Out("The job whose task this one re-runs after that job's provider failed it; asking for that id "
                        + "shows this one.") String fallbackOf,
                @Out("The ended job whose worktree and branch this one goes on with, on another CLI.") String continuedFrom,
                @Out("The job that went on with this one's worktree and branch, on another CLI.") String continuedBy) {
    }
}
