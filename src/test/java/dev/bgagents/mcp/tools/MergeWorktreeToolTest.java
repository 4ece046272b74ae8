package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.JobMerging;
import dev.bgagents.orchestration.api.Merging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** merge_worktree: the request it makes and how every outcome of a merge reads. */
class MergeWorktreeToolTest {
    private static final String TIP = "89abcdef0123456789abcdef0123456789abcdef";

    private static Merging.Outcome outcome(boolean merged, boolean dryRun, boolean already, String commit, boolean ff,
                                           boolean squashed, List<String> files, List<String> conflicts, String refusal,
                                           String cleaned) {
        return new Merging.Outcome("claude-aaaaaa", "bg/claude-aaaaaa", "main", merged, dryRun, already, commit, ff,
                squashed, files, conflicts, refusal, cleaned, null);
    }

    static Stream<Arguments> outcomes() {
        List<String> many = IntStream.range(0, 40).mapToObj(i -> "f" + i + ".py").toList();
        return Stream.of(
                Arguments.of(outcome(true, false, false, TIP, true, false, List.of("a.py"), List.of(), null,
                        "worktree and branch bg/claude-aaaaaa removed"),
                        "Merged bg/claude-aaaaaa into main as 89abcde (fast-forward), changing 1 file (a.py). worktree and branch bg/claude-aaaaaa removed."),
                Arguments.of(outcome(true, false, false, TIP, false, true, many, List.of(), null, null),
                        "Merged bg/claude-aaaaaa into main as 89abcde (squashed), changing 40 files (f0.py, f1.py, f2.py, f3.py, f4.py, …)."),
                Arguments.of(outcome(false, true, false, null, false, false, List.of("a.py", "b.py"), List.of(), null, null),
                        "Dry run: bg/claude-aaaaaa merges cleanly into main, changing 2 files (a.py, b.py). Nothing was changed."),
                Arguments.of(outcome(false, false, false, null, false, false, List.of(), List.of("a.py"),
                        "merging bg/claude-aaaaaa into main conflicts in a.py: resume the job", null),
                        "Not merged: merging bg/claude-aaaaaa into main conflicts in a.py: resume the job. Or "
                                + "merge_worktree with resolve: true: an agent resolves them in the job's worktree."),
                Arguments.of(outcome(false, false, false, null, false, false, List.of(), List.of("a.py"),
                        "merging bg/claude-aaaaaa into main conflicts in a.py", null).resolvingBy("claude-bbbbbb"),
                        "Conflicts in 1 file (a.py): claude-bbbbbb resolves them in bg/claude-aaaaaa's worktree (your "
                                + "checkout untouched), then the merge is tried again. Next: job_status {job_ids: "
                                + "[\"claude-bbbbbb\"], wait: \"all\"}; its summary says if it landed."),
                Arguments.of(outcome(true, false, true, TIP, false, false, List.of(), List.of(), null, null),
                        "claude-aaaaaa was already merged into main (89abcde)."));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("outcomes")
    void eachOutcomeReadsAsOneLine(Merging.Outcome o, String text) {
        Answer a = Answers.call(new MergeWorktreeTool(JobMerging.of(r -> o)), Map.of("job_id", "claude-aaaaaa"), Progress.NONE);
        assertEquals(text, a.text());
        assertEquals(o.merged(), a.structured().get("merged"));
        assertTrue(((List<?>) a.structured().get("files_changed")).size() <= 30, "at most 30 files listed");
    }

    @Test
    void theArgumentsBecomeTheRequest() {
        List<Merging.Request> asked = new ArrayList<>();
        Merging m = JobMerging.of(r -> {
            asked.add(r);
            return outcome(false, true, false, null, false, false, List.of(), List.of(), null, null);
        });
        Answers.call(new MergeWorktreeTool(m), Map.of("job_id", "claude-aaaaaa", "into", "dev", "strategy", "squash",
                "dry_run", true, "cleanup", false), Progress.NONE);
        assertEquals(new Merging.Request("claude-aaaaaa", "dev", true, true, false, false, List.of()), asked.get(0));
        Answers.call(new MergeWorktreeTool(m), Map.of("job_id", "claude-aaaaaa", "require_review", true), Progress.NONE);
        assertTrue(asked.get(1).requireReview());
        assertNull(asked.get(1).resolve(), "without the argument, the config's default");
        Answers.call(new MergeWorktreeTool(m), Map.of("job_id", "claude-aaaaaa", "resolve", true, "provider", "codex"),
                Progress.NONE);
        assertEquals(new Merging.Request("claude-aaaaaa", null, false, false, true, false, List.of(), true, "codex"),
                asked.get(2));
        Answer bad = Answers.call(new MergeWorktreeTool(m), Map.of("job_id", "claude-aaaaaa", "strategy", "rebase"),
                Progress.NONE);
        assertTrue(bad.isError() && bad.text().contains("must be one of merge, squash"), bad.text());
        assertEquals(3, asked.size());
    }
}
