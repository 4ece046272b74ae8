package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** What a review approves cannot be forged by the author (red-team item 5): it holds for the exact commit reviewed. */
class ReviewIntegrityIT {
    @Test
    void aBranchReplacedByALookAlikeCommitAfterTheApprovalIsNotMerged(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path reviewFile = dir.resolve("review.txt");
        Files.writeString(reviewFile, "Checked feature.txt: good.\n\nVERDICT: approve\n");
        Path tipFile = dir.resolve("reviewed-tip");
        // the author's work is the "good" commit; the look-alike is swapped in after the approval
        var author = ReviewIT.script("git reset -q --hard \"$(cat " + tipFile + ")\"\necho done");
        try (ServerHarness h = ReviewIT.harness(project, reviewFile, Map.of("collider", author))) {
            String main = h.git("rev-parse", "main").strip();
            CollidingCommits pair = CollidingCommits.make(project.resolve(".git"), main, "feature.txt", "add feature");
            String good = pair.reviewed().name();
            String evil = pair.replacement().name();
            assertEquals(good.substring(0, 7), evil.substring(0, 7), "found in " + pair.tries() + " ids");
            assertNotEquals(good, evil);
            Files.writeString(tipFile, good);

            String id = h.spawn("add feature", Map.of("provider", "collider", "worktree", true));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertEquals(good, h.git("rev-parse", "bg/" + id).strip());
            var started = h.call("spawn_agent", Map.of("review_of", id));
            String review = (String) structured(started).get("job_id");
            assertEquals("succeeded", h.awaitEnd(review).get("status"));

            h.git("update-ref", "refs/heads/bg/" + id, evil);
            assertEquals(h.git("log", "--format=%s", "--stat", "main.." + good),
                    h.git("log", "--format=%s", "--stat", "main..bg/" + id), "same subject, same counts");
            var refused = h.call("merge_worktree", Map.of("job_id", id, "require_review", true));
            assertTrue(Boolean.TRUE.equals(refused.isError()), text(refused));
            assertTrue(text(refused).contains("bg/" + id + " has changed since " + review + " reviewed " + id
                    + " (it is at " + evil + ", the review was of " + good + ")"), text(refused));
            assertFalse(text(refused).contains("\n"), text(refused));
            assertFalse(Files.exists(project.resolve("feature.txt")), "nothing merged");
            assertEquals(main, h.git("rev-parse", "main").strip());

            h.git("update-ref", "refs/heads/bg/" + id, good);
            var merged = h.call("merge_worktree", Map.of("job_id", id, "require_review", true));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("good\n", Files.readString(project.resolve("feature.txt")));
        }
    }
}
