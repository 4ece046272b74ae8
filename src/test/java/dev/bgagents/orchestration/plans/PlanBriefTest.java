package dev.bgagents.orchestration.plans;

import dev.bgagents.jobs.Verification;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.summary.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.bgagents.orchestration.plans.PlanJobs.SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** read_summary {session}: a line per task, the failures, the next call — and its bounds. */
class PlanBriefTest {
    private static final Redactor NONE = new Redactor(Map.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "- | no changes",
            "lib/a.js +3 -1 | lib/a.js +3 -1",
            "a.txt +3 -1 / b.txt +17 -1 | 2 files +20 -2",
            "a.txt +1 -0 / b.txt +2 -0 / my notes.md +4 -4 | 3 files +7 -4",
            "logo.png - - / b.txt +2 -1 | 2 files +2 -1",
    })
    void whatATaskChangedIsItsFileOrACountWithTheLinesAddedAndRemoved(String diffstat, String shown) {
        List<String> d = diffstat.equals("-") ? List.of() : List.of(diffstat.split(" / "));
        assertEquals(shown, PlanBrief.changes(d));
    }

    /** {@code jobs}: what became of the two tasks, in order ("-": not run; "merged": succeeded and merged). */
    @ParameterizedTest(name = "tasks {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "- -                 | spawn_agent {session: \"S\"} runs the plan.",
            "succeeded running   | job_status {session: \"S\", wait: \"all\"} returns when the running tasks end.",
            "failed running      | job_status {session: \"S\", wait: \"all\"} returns when the running tasks end.",
            "succeeded succeeded | merge_worktree {session: \"S\"} merges the 2 finished tasks in wave order (dry_run: true forecasts).",
            "merged succeeded    | merge_worktree {session: \"S\"} merges the 1 finished task in wave order (dry_run: true forecasts).",
            "succeeded -         | merge_worktree {session: \"S\"} merges the 1 finished task in wave order (dry_run: true forecasts).",
            "merged merged       | nothing left to merge.",
            "succeeded failed    | merge_worktree {session: \"S\"} merges the 1 finished task in wave order (dry_run: true forecasts). FIX",
            "merged cancelled    | nothing left to merge. FIX",
    })
    void theNextCallFollowsFromWhereTheTasksStand(String jobs, String next) {
        PlanJobs p = new PlanJobs();
        String[] how = jobs.trim().split(" +");
        List<PlanTask> tasks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = "claude-" + "ab".charAt(i) + "aaaaa";
            if (!how[i].equals("-")) {
                p.add(id, how[i], how[i].equals("failed") ? "exited 1" : null, List.of("f" + i + ".txt +1 -0"));
            }
            tasks.add(PlanJobs.task(i + 1, "t" + i, how[i].equals("-") ? null : id, false));
        }
        String brief = PlanBrief.render(PlanJobs.plan(1, tasks.toArray(PlanTask[]::new)), p.lookup(), NONE, 100_000);
        String expected = "Next: " + next.trim().replace("\"S\"", "\"" + SESSION + "\"").replace(" FIX",
                " Failed tasks: resume_session {job_id, prompt} with a fix, or spawn_agent {session, task_id} to run "
                        + "one again (its cancelled dependents too).");
        assertEquals(expected, brief.substring(brief.indexOf("Next: ")));
    }

    @Test
    void aLinePerTaskInWaveOrderWithItsCheckItsChangesAndItsMergeThenTheFailuresWhy() {
        PlanJobs p = new PlanJobs();
        p.verified(p.add("claude-aaaaaa", "merged", null, List.of("lib/a.js +3 -1")), Verification.PASSED);
        p.verified(p.add("claude-bbbbbb", "failed", "make test exited 2", List.of()), Verification.FAILED);
        p.add("claude-cccccc", "running", null, List.of());
        PlanStatus plan = PlanJobs.plan(2, PlanJobs.task(1, "model", "claude-aaaaaa", false),
                PlanJobs.task(2, "view", "claude-bbbbbb", false), PlanJobs.task(3, "wire", "claude-cccccc", false),
                PlanJobs.task(4, "docs", null, false));
        assertEquals(String.join("\n",
                "## Plan " + SESSION + ": 4 tasks, 1 succeeded, 1 verified, 1 failed, 1 still running",
                "01-model · claude-aaaaaa · succeeded · verified · lib/a.js +3 -1 · merged abcdef0",
                "02-view · claude-bbbbbb · failed · check failed · no changes",
                "03-wire · claude-cccccc · running",
                "04-docs · claude · not run",
                "Failed:",
                "- 02-view (claude-bbbbbb): make test exited 2",
                "Next: job_status {session: \"" + SESSION + "\", wait: \"all\"} returns when the running tasks end."),
                PlanBrief.render(plan, p.lookup(), NONE, 100_000));
    }

    @Test
    void aFailuresReasonIsOneLineWithSecretsMasked() {
        PlanJobs p = new PlanJobs();
        p.add("claude-aaaaaa", "failed", "deploy refused\nkey sk-live-0123456789abcdef in the log\u001b[31m", List.of());
        String brief = PlanBrief.render(PlanJobs.plan(1, PlanJobs.task(1, "model", "claude-aaaaaa", false)), p.lookup(),
                new Redactor(Map.of("DEPLOY_API_KEY", "sk-live-0123456789abcdef")), 100_000);
        String failed = brief.lines().filter(l -> l.startsWith("- 01-model")).findFirst().orElseThrow();
        assertFalse(failed.contains("sk-live-0123456789abcdef"), failed);
        assertFalse(failed.contains("\u001b"), failed);
        assertTrue(failed.startsWith("- 01-model (claude-aaaaaa): deploy refused"), failed);
        assertTrue(brief.lines().anyMatch(l -> l.startsWith("Next: ")), "the failure took one line: " + brief);
    }

    /** Eight failed tasks with long reasons: the brief at several budgets. */
    private static String bounded(int maxChars) {
        PlanJobs p = new PlanJobs();
        List<PlanTask> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = "claude-" + i + "aaaaa";
            p.add(id, "failed", ("reason " + i + " ").repeat(40), List.of());
            tasks.add(PlanJobs.task(i + 1, "task" + i, id, false));
        }
        return PlanBrief.render(PlanJobs.plan(3, tasks.toArray(PlanTask[]::new)), p.lookup(), NONE, maxChars);
    }

    private static long taskLines(String brief) {
        return brief.lines().filter(l -> l.matches("\\d\\d-task\\d · .*")).count();
    }

    @ParameterizedTest(name = "max_chars {0}")
    @ValueSource(ints = {100_000, 2_000, 1_400, 1_250, 1_150, 900, 200, 40})
    void theBriefKeepsWithinItsBudgetShorteningReasonsFirstThenLeavingOutTaskLinesSayingHowToSeeThem(int max) {
        String full = bounded(100_000);
        String brief = bounded(max);
        assertTrue(brief.length() <= max, brief.length() + " > " + max);
        if (full.length() <= max) {
            assertEquals(full, brief);
            return;
        }
        long lines = taskLines(brief);
        String reason = brief.lines().filter(l -> l.startsWith("- 01-task0")).findFirst().orElse("");
        assertTrue(reason.isEmpty() || reason.length() < 100, "the reasons are shortened first: " + reason);
        if (brief.endsWith("…")) {
            assertEquals(0, lines, "cut only once no task line is left: " + brief);
        } else if (lines < 8) {
            assertTrue(brief.contains("(" + (8 - lines) + " more tasks: read_summary {session: \"" + SESSION
                    + "\", max_chars: 4000})"), brief);
            assertTrue(brief.contains("\nNext: "), "the next call stays: " + brief);
        }
    }

    @Test
    void theBudgetsStagesDoHappen() {
        // shortened reasons with every line; fewer lines; a cut
        assertTrue(bounded(100_000).contains(("reason 0 ").repeat(15)), "in full: the reason to 160 characters");
        assertEquals(8, taskLines(bounded(2_000)));
        assertFalse(bounded(2_000).contains(("reason 0 ").repeat(15)), "shortened to 60");
        assertTrue(taskLines(bounded(1_250)) > 0 && taskLines(bounded(1_250)) < 8);
        assertTrue(bounded(900).endsWith("…"));
    }
}
