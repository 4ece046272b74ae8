package dev.bgagents.it;

import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * kill -9 of the server in the middle of merging 1,500 changed files into the checked-out
 * branch, at moments spread over the merge: after the next start the user's branch shows the
 * merge whole or not at all — HEAD, index and files agreeing, no lock or temp file left — and
 * the job's record agrees with the branch.
 */
class CrashMergeIT {
    private static final List<Integer> KILL_AFTER_MS = List.of(30, 80, 150, 300, 500, 800, 1200);

    @Test
    void aMergeKilledAtAnyMomentIsWholeOrAbsentAfterTheNextStart(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            for (int delay : KILL_AFTER_MS) {
                String id = h.spawn("MODE:many=1500", Map.of("worktree", true));
                assertEquals("succeeded", h.awaitEnd(id).get("status"), id);
                String before = h.git("rev-parse", "main").strip();
                String branchTip = h.git("rev-parse", "bg/" + id).strip();

                CompletableFuture<?> merging = CompletableFuture.runAsync(() -> {
                    try {
                        h.call("merge_worktree", Map.of("job_id", id, "cleanup", false));
                    } catch (RuntimeException cutOff) {
                        // the server is killed under it
                    }
                });
                Thread.sleep(delay);
                h.killServerHard();
                merging.handle((r, e) -> null).join();

                String round = "killed " + delay + " ms into the merge of " + id + ": ";
                boolean cutShort = Files.exists(dir.resolve(".git/bg-agents-merge.json"));
                h.start();
                Await.until(round + "the interrupted merge finished at start", java.time.Duration.ofSeconds(20),
                        () -> !Files.exists(dir.resolve(".git/bg-agents-merge.json")));
                String after = h.git("rev-parse", "main").strip();
                boolean merged = !after.equals(before);
                if (merged) {
                    assertEquals("", h.git("merge-base", "--is-ancestor", branchTip, "main").strip(),
                            round + "main moved, so it holds the job's work");
                }
                assertTreeAgrees(h, round);
                String record = Files.readString(h.jobDir(id).resolve("job.json"));
                assertEquals(merged, record.contains("\"merge_commit\""), round + "the record agrees with main: "
                        + record);

                var again = h.call("merge_worktree", Map.of("job_id", id));
                assertEquals(true, ServerHarness.structured(again).get("merged"), round + ServerHarness.text(again));
                assertTreeAgrees(h, round + "after merging again: ");
                System.out.println(round + (cutShort ? "cut short, finished by the next start"
                        : merged ? "done before the kill" : "not begun; merged by the next call"));
            }
        }
    }

    private static void assertTreeAgrees(ServerHarness h, String round) throws Exception {
        assertEquals("", h.git("status", "--porcelain").strip(), round + "HEAD, index and files agree");
        assertFalse(Files.exists(h.project.resolve(".git/index.lock")), round + "no index lock left");
        assertFalse(Files.exists(h.project.resolve(".git/refs/heads/main.lock")), round + "no ref lock left");
        try (Stream<Path> all = Files.walk(h.project.resolve("many"))) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith("._")).toList(),
                    round + "no temp file in the tree");
        } catch (java.nio.file.NoSuchFileException notMergedYet) {
            // the first round's files are not in main until it merges
        }
    }
}
