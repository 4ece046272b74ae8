package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every answer each tool can give — every job status, every mode of spawn_agent, every merge
 * outcome, summaries and pages — validated against the tool's declared output schema by the
 * same JSON-schema validator the MCP SDK applies before an answer leaves the server (it refuses
 * the whole answer when one field is off: "output validation failed … does not have a value in
 * the enumeration").
 */
class AnswerContractTest {
    private static final JsonSchemaValidator VALIDATOR = new DefaultJsonSchemaValidator();
    private static final Map<String, McpSchema.Tool> TOOLS = new java.util.LinkedHashMap<>();

    static {
        Tools.of(null, null, null, null, null, null, null).forEach(t -> TOOLS.put(t.name(), t.definition()));
    }

    private record Case(String tool, String what, Answer answer) {
    }

    /** A job in {@code status}: one that ran, or (queued, cancelled before its start) one that did not. */
    private static Job jobIn(JobStatus status, boolean worktree) {
        Job j = switch (status) {
            case QUEUED -> JobFixtures.queued("claude-0a0a0a");
            case RUNNING -> JobFixtures.running("claude-0a0a0a");
            case WAITING -> JobFixtures.waiting("claude-0a0a0a");
            default -> JobFixtures.ended("claude-0a0a0a", status, status == JobStatus.SUCCEEDED ? null : "why");
        };
        return worktree ? JobFixtures.withWorkspace(j, "bg/claude-0a0a0a") : j;
    }

    private static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (JobStatus status : JobStatus.values()) {
            for (boolean worktree : List.of(true, false)) {
                Job job = jobIn(status, worktree);
                String what = status.wire() + (worktree ? " in a worktree" : " in place");
                Spawning.Started started = new Spawning.Started(job, 1, 6, false, List.of("auto chose claude"));
                out.add(new Case("spawn_agent", "one job " + what, SpawnAgentTool.answer(started)));
                out.add(new Case("resume_session", what, ResumeSessionTool.answer(
                        new Resuming.Resumed(started, "claude-0b0b0b", worktree ? "sess-1" : null))));
                out.add(new Case("cancel_job", what, CancelJobTool.answer(JobFixtures.running(job.id()), job)));
                out.add(new Case("read_summary", what, SummaryAnswer.of(new Summarizing.Summary(job, "## x", 3))));
                out.add(new Case("read_summary", "page of " + what, SummaryAnswer.of(new Summarizing.Page(job,
                        Summarizing.Section.DIFF, "### diff", 0, worktree ? 40L : null, 80))));
                FakeJobs fake = new FakeJobs().with(job);
                out.add(new Case("job_status", what, new JobStatusTool(fake).call(ToolArgs.of(
                        TOOLS.get("job_status"), Map.of("job_ids", List.of(job.id()))), (p, t, m) -> { })));
            }
        }
        Job review = new Job(JobFixtures.spec("codex-0c0c0c").reviewOf("claude-0a0a0a").build(),
                JobFixtures.running("codex-0c0c0c").state(), null, null);
        out.add(new Case("spawn_agent", "a review", SpawnAgentTool.answer(new Spawning.Started(review, 1, 6, false,
                List.of()))));
        List<Spawning.Started> attempts = Stream.of(JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.SUCCEEDED)
                .map(s -> new Spawning.Started(jobIn(s, true), 1, 6, false, List.of())).toList();
        out.add(new Case("spawn_agent", "a best-of-N group", ManyJobsAnswer.group(
                new Spawning.GroupStarted("best-0d0d0d", attempts))));
        List<Spawning.TaskJob> tasks = Arrays.stream(JobStatus.values())
                .map(s -> new Spawning.TaskJob("01", 1, jobIn(s, s != JobStatus.QUEUED), s == JobStatus.QUEUED, true))
                .toList();
        out.add(new Case("spawn_agent", "a plan", ManyJobsAnswer.plan(
                new Spawning.PlanStarted("20261205-120000_x", tasks, List.of("02")))));
        out.add(new Case("spawn_agent", "a plan of one task", ManyJobsAnswer.plan(
                new Spawning.PlanStarted("20261205-120000_x", tasks.subList(0, 1), List.of()))));
        String commit = "0123456789abcdef0123456789abcdef01234567";
        List<Merging.Outcome> merges = List.of(
                new Merging.Outcome("claude-0a0a0a", "bg/x", "main", true, false, false, commit, false, false,
                        List.of("a.txt"), List.of(), null, "worktree and branch bg/x removed", null,
                        List.of(".context/jobs/claude-f0f0f0/job.json")),
                new Merging.Outcome("claude-0a0a0a", "bg/x", "main", false, true, false, null, true, false,
                        List.of("a.txt"), List.of(), null, null, null),
                new Merging.Outcome("claude-0a0a0a", "bg/x", "main", false, false, false, null, false, false,
                        List.of(), List.of("a.txt"), "merging bg/x into main conflicts in a.txt", null, null),
                new Merging.Outcome("claude-0a0a0a", "bg/x", "main", true, false, true, commit, false, false,
                        List.of(), List.of(), null, null, "finished an interrupted merge"),
                new Merging.Outcome("claude-0a0a0a", "bg/x", "main", false, false, false, null, false, false,
                        List.of(), List.of("a.txt"), "merging bg/x into main conflicts in a.txt", null, null)
                        .resolvingBy("claude-1b1b1b"));
        merges.forEach(o -> out.add(new Case("merge_worktree", o.resolving() != null ? "a conflict being resolved"
                : o.refusal() != null ? "a refusal" : o.dryRun()
                ? "a dry run" : o.alreadyMerged() ? "already merged" : "a merge", MergeWorktreeTool.answer(o))));
        List<PlanMerge.Task> planTasks = List.of(
                new PlanMerge.Task("01-a", "claude-0a0a0a", PlanMerge.State.MERGED, commit, List.of("a.txt"), null, null),
                new PlanMerge.Task("02-b", "codex-0b0b0b", PlanMerge.State.ALREADY_MERGED, commit, null, null, "into main"),
                new PlanMerge.Task("03-c", "gemini-0c0c0c", PlanMerge.State.REFUSED, null, List.of("c.txt"),
                        List.of("c.txt"), "merging x into main conflicts in c.txt"),
                new PlanMerge.Task("04-d", null, PlanMerge.State.SKIPPED, null, null, null, "not run"),
                new PlanMerge.Task("05-e", "claude-0e0e0e", PlanMerge.State.NOT_TRIED, null, null, null, "after the stop"));
        out.add(new Case("merge_worktree", "a plan stopped at a refusal", PlanMergeAnswer.of(
                new PlanMerge.Outcome("20261205-120000_x", "main", false, planTasks, "03-c"))));
        out.add(new Case("merge_worktree", "a plan whose conflicting task is being resolved", PlanMergeAnswer.of(
                new PlanMerge.Outcome("20261205-120000_x", "main", false, planTasks, "03-c").resolvedBy("gemini-0d0d0d"))));
        out.add(new Case("merge_worktree", "a plan's dry run", PlanMergeAnswer.of(new PlanMerge.Outcome(
                "20261205-120000_x", null, true, List.of(
                new PlanMerge.Task("01-a", "claude-0a0a0a", PlanMerge.State.WOULD_MERGE, null, List.of("a.txt"), null, null),
                new PlanMerge.Task("02-b", "codex-0b0b0b", PlanMerge.State.WOULD_CONFLICT, null, null, List.of("a.txt"), null),
                new PlanMerge.Task("03-c", "gemini-0c0c0c", PlanMerge.State.NOT_MERGEABLE, null, null, null, "ran in place")),
                null))));
        FakeJobs plans = new FakeJobs().withPlan(new Summarizing.PlanSummary("20261205-120000_x",
                "## Plan 20261205-120000_x: 1 tasks", false, false));
        out.add(new Case("read_summary", "a plan", new ReadSummaryTool(plans).call(ToolArgs.of(TOOLS.get("read_summary"),
                Map.of("session", "20261205-120000_x")), (p, t, m) -> { })));
        for (var pr : List.of(new Merging.PullRequest("claude-0a0a0a", "bg/x", "main", "origin",
                        "https://github.com/o/r/pull/7", null, false),
                new Merging.PullRequest("claude-0a0a0a", "impl/x/02-b", "impl/x/01-a", "origin",
                        "https://github.com/o/r/pull/8", "codex-0b0b0b", true))) {
            out.add(new Case("merge_worktree", "a pull request" + (pr.existing() ? " open already" : ""),
                    MergeWorktreeTool.answer(pr)));
        }
        Job handOff = new Job(JobFixtures.spec("codex-0e0e0e").continuedFrom("claude-0a0a0a").build(),
                JobFixtures.running("codex-0e0e0e").state(), null, null);
        out.add(new Case("spawn_agent", "a hand-off", SpawnAgentTool.answer(new Spawning.Started(handOff, 1, 6, false,
                List.of("continues claude-0a0a0a (claude) on bg/claude-0a0a0a")))));
        Job handedOver = jobIn(JobStatus.SUCCEEDED, true);
        out.add(new Case("job_status", "a hand-off and the job it continues", new JobStatusTool(new FakeJobs()
                .with(handedOver).with(new Job(JobFixtures.spec("codex-0e0e0e").continuedFrom(handedOver.id()).build(),
                        JobFixtures.running("codex-0e0e0e").state(), null, null)))
                .call(ToolArgs.of(TOOLS.get("job_status"), Map.of("job_ids", List.of(handedOver.id(), "codex-0e0e0e"))),
                        (p, t, m) -> { })));
        PlanTask task = new PlanTask("01", 1, "add-a-helper", "Add a helper", "utils", "claude", "small utility",
                List.of(), Map.of(), List.of("a.py"), "tasks/01-add-a-helper.md", 1, null, null, null, false, null);
        out.add(new Case("decompose_plan", "a plan", DecomposePlanTool.answer(new PlanStatus("20261205-120000_x",
                "x", "X", "/work/repo", java.time.Instant.now(), List.of(List.of("01")), List.of(task)),
                ".context/impl/20261205-120000_x")));
        return out;
    }

    @TestFactory
    Stream<DynamicTest> everyAnswerValidatesAgainstItsToolsOutputSchema() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.tool() + ": " + c.what(), () -> {
            if (c.answer().isError()) {
                assertNull(c.answer().structured(), "an error answer is one line, no structured part");
                return;
            }
            var r = VALIDATOR.validate(TOOLS.get(c.tool()).outputSchema(), c.answer().structured());
            assertTrue(r.valid(), c.tool() + " (" + c.what() + "): " + r.errorMessage() + "\n" + c.answer().structured());
        }));
    }

    @Test
    void theValidatorRefusesAStatusOutsideTheEnumerationAsTheSdkDid() {
        var r = VALIDATOR.validate(TOOLS.get("spawn_agent").outputSchema(), Map.of("status", "finished", "next", "x"));
        assertFalse(r.valid(), "the check itself must be able to fail");
    }

    @Test
    void aJobThatEndedBeforeItsSpawnWasAnsweredIsAValidAnswerThatSaysHowItEnded() {
        Answer a = SpawnAgentTool.answer(new Spawning.Started(jobIn(JobStatus.SUCCEEDED, true), 0, 6, false,
                List.of()));
        assertFalse(a.isError(), a.text());
        assertEquals("succeeded", a.structured().get("status"));
        assertEquals("read_summary {job_id: \"claude-0a0a0a\"}", a.structured().get("next"));
        assertTrue(VALIDATOR.validate(TOOLS.get("spawn_agent").outputSchema(), a.structured()).valid());
    }
}
