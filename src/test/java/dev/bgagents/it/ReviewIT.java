package dev.bgagents.it;

import dev.bgagents.Await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Cross-agent review with the stand-in agents: an author job writes a file; a read-only review
 * asks for changes, so a merge that requires review is refused; an approving review by another
 * provider lets it merge — and no reviewer changed the author's worktree.
 */
class ReviewIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The second provider: reads the review prompt on stdin, answers with the prepared review. */
    private static final Map<String, Object> SECOND = Map.of("second", Map.of("command", List.of("bash", "-c",
            "cat > \"$STANDIN_REVIEW.prompt\"; cat \"$STANDIN_REVIEW\""), "output", "text"));

    private static ServerHarness harness(Path dir, Path review) throws Exception {
        return harness(dir, review, Map.of());
    }

    /** With more providers beside the reviewing one: agents scripted to leave something hostile. */
    static ServerHarness harness(Path dir, Path review, Map<String, Object> authors) throws Exception {
        Map<String, Object> providers = new HashMap<>(authors);
        providers.putAll(SECOND);
        // unconfined: the stand-in reviewer keeps the prompt it was given beside STANDIN_REVIEW, outside its worktree
        return new ServerHarness(dir, "\"routing\": {\"review\": [\"second\", \"claude\"]}, \"sandbox\": \"off\"",
                List.of("bash", ServerHarness.STANDIN.toString()), Map.of("STANDIN_REVIEW", review.toString()))
                .withProviders(providers).start();
    }

    static Map<String, Object> script(String bash) {
        return Map.of("command", List.of("bash", "-c", "set -e\n" + bash), "output", "text");
    }

    private static McpSchema.CallToolResult review(ServerHarness h, String author, Map<String, Object> more) {
        Map<String, Object> args = new HashMap<>(more);
        args.put("review_of", author);
        return h.call("spawn_agent", args);
    }

    /** HEAD, status and a hash of every file of a worktree. */
    private static String fingerprint(Path wt) throws Exception {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(wt)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p) && !wt.relativize(p).toString().equals(".git")) {
                    files.put(wt.relativize(p).toString(),
                            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return ServerHarness.runGit(wt, "rev-parse", "HEAD") + ServerHarness.runGit(wt, "status", "--porcelain",
                "--ignored") + files;
    }

    private static long jobCount(ServerHarness h) throws Exception {
        try (Stream<Path> s = Files.list(h.project.resolve(".context/jobs"))) {
            return s.filter(Files::isDirectory).count();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(ServerHarness h, String id) {
        var r = h.call("job_status", Map.of("job_ids", List.of(id)));
        return ((List<Map<String, Object>>) structured(r).get("jobs")).get(0);
    }

    @Test
    void aReviewAskingForChangesBlocksTheMergeAndAnApprovalByAnotherProviderLetsItThrough(@TempDir Path dir)
            throws Exception {
        Path reviewFile = dir.resolve("review.txt");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = harness(project, reviewFile)) {
            String author = h.spawn("write feature.txt CONTENT:draft", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(author).get("status"));
            Path wt = Path.of((String) JSON.readTree(h.jobDir(author).resolve("job.json").toFile()).get("workspace")
                    .get("path").asText());
            String before = fingerprint(wt);

            var noReview = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertTrue(text(noReview).contains(author + " has no review: spawn_agent {review_of: \"" + author + "\"}"),
                    text(noReview));

            Files.writeString(reviewFile, """
                    ## Findings
                    - **High:** `feature.txt` says "draft"; the task is unfinished.
                    - No test covers the feature.

                    VERDICT: changes
                    """);
            var started = review(h, author, Map.of("provider", "claude"));
            assertFalse(Boolean.TRUE.equals(started.isError()), text(started));
            assertEquals("read-only", structured(started).get("permissions"));
            assertEquals(author, structured(started).get("review_of"));
            assertTrue(text(started).contains("(claude, read-only, reviewing " + author + ")"), text(started));
            String first = (String) structured(started).get("job_id");
            assertEquals("succeeded", h.awaitEnd(first).get("status"));

            String prompt = Files.readString(Path.of(reviewFile + ".prompt"));
            assertTrue(prompt.startsWith("# Review of job " + author + " (branch bg/" + author + ")"), prompt);
            assertTrue(prompt.contains("write feature.txt CONTENT:draft"), "the author's task:\n" + prompt);
            assertTrue(prompt.contains("feature.txt +1 -0") && prompt.contains("+draft"), "diffstat and diff:\n" + prompt);
            assertTrue(prompt.contains("git -C " + wt + " diff "), prompt);
            assertTrue(prompt.strip().endsWith("VERDICT: changes"), prompt);

            String md = text(h.call("read_summary", Map.of("job_id", first)));
            List<String> lines = md.lines().toList();
            assertTrue(lines.get(0).startsWith("## " + first + ": succeeded (claude"), md);
            assertEquals("Verdict: changes — review of " + author, lines.get(1), md);
            assertEquals(List.of("Findings:", "- High: feature.txt says \"draft\"; the task is unfinished.",
                    "- No test covers the feature."), lines.subList(2, 5), md);
            assertTrue(md.contains("Next: resume_session {job_id: \"" + author + "\""), md);
            assertEquals("changes, 2 findings", statusOf(h, first).get("review"));
            assertEquals(first + " changes, 2 findings", statusOf(h, author).get("review"), "found from the author");

            var refused = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertTrue(text(refused).contains("the latest review of " + author + " (" + first + ") does not approve "
                    + "(verdict changes, 2 findings)"), text(refused));
            assertFalse(text(refused).contains("\n"), "one line: " + text(refused));
            assertFalse(Files.exists(project.resolve("feature.txt")), "nothing merged");
            assertEquals(before, fingerprint(wt), "the reviewer changed nothing in the author's worktree");

            Files.writeString(reviewFile, "Checked feature.txt against the task: fine.\n\nVERDICT: approve\n");
            var second = review(h, author, Map.of());
            assertEquals("second", structured(second).get("provider"), text(second));
            assertTrue(text(second).contains("second reviews claude's work"), text(second));
            String approval = (String) structured(second).get("job_id");
            assertEquals("succeeded", h.awaitEnd(approval).get("status"));
            String md2 = text(h.call("read_summary", Map.of("job_id", approval)));
            assertTrue(md2.contains("\nVerdict: approve — review of " + author + "\n"), md2);
            assertTrue(md2.contains("Next: merge_worktree {job_id: \"" + author + "\", require_review: true}"), md2);
            assertEquals(before, fingerprint(wt), "neither reviewer changed the worktree");

            // a commit after the review (as a reviewer that wrote anyway would make) is not approved
            Files.writeString(wt.resolve("feature.txt"), "sneaked in\n");
            ServerHarness.runGit(wt, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qam", "sneak");
            var stale = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertTrue(text(stale).contains("bg/" + author + " has changed since " + approval + " reviewed " + author),
                    text(stale));
            assertFalse(Files.exists(project.resolve("feature.txt")), "nothing merged");
            ServerHarness.runGit(wt, "reset", "-q", "--hard", "HEAD~1");

            var merged = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("draft\n", Files.readString(project.resolve("feature.txt")));

            long jobs = jobCount(h);
            var after = review(h, author, Map.of());
            assertTrue(Boolean.TRUE.equals(after.isError()) && text(after).contains("was merged into main already"),
                    text(after));
            assertEquals(jobs, jobCount(h), "a refused review creates nothing");
        }
    }

    @Test
    void aReviewAndItsResumptionAreToldToLoadNoneOfTheAuthorsConfiguration(@TempDir Path dir) throws Exception {
        Path reviewFile = dir.resolve("review.txt");
        Files.writeString(reviewFile, "Fine.\n\nVERDICT: approve\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = harness(project, reviewFile)) {
            String author = h.spawn("write feature.txt", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(author).get("status"));
            String review = (String) structured(review(h, author, Map.of("provider", "claude"))).get("job_id");
            assertEquals("succeeded", h.awaitEnd(review).get("status"));
            var resumed = h.call("resume_session", Map.of("job_id", review, "prompt", "Anything else?"));
            assertFalse(Boolean.TRUE.equals(resumed.isError()), text(resumed));
            String again = (String) structured(resumed).get("job_id");
            assertEquals("succeeded", h.awaitEnd(again).get("status"));

            JsonNode authorSpec = JSON.readTree(h.jobDir(author).resolve("job.json").toFile()).get("spec");
            assertFalse(authorSpec.path("untrusted_workdir").asBoolean(), "the author works in its own worktree");
            assertFalse(authorSpec.get("argv").toString().contains("--setting-sources"), authorSpec.toString());
            for (String id : List.of(review, again)) {
                JsonNode spec = JSON.readTree(h.jobDir(id).resolve("job.json").toFile()).get("spec");
                assertTrue(spec.path("untrusted_workdir").asBoolean(), id + ": " + spec);
                List<String> argv = new java.util.ArrayList<>();
                spec.get("argv").forEach(a -> argv.add(a.asText()));
                int at = argv.indexOf("--setting-sources");
                assertTrue(at > 0 && argv.get(at + 1).equals("user") && argv.contains("--strict-mcp-config"),
                        id + ": " + argv);
            }
        }
    }

    @Test
    void aReviewIsRefusedWithOneLineAndNothingCreatedWhenThereIsNothingToReview(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = harness(project, dir.resolve("review.txt"))) {
            String inPlace = h.spawn("write here.txt", Map.of());
            String nothing = h.spawn("MODE:sleep=0", Map.of("worktree", true));
            String busy = h.spawn("MODE:hang", Map.of("worktree", true));
            h.awaitEnd(inPlace);
            h.awaitEnd(nothing);
            long jobs = jobCount(h);
            Map<String, String> cases = new java.util.LinkedHashMap<>();
            cases.put("claude-000000", "unknown job id \"claude-000000\"");
            cases.put(inPlace, inPlace + " ran in place (no worktree or branch)");
            cases.put(nothing, nothing + " changed no files on bg/" + nothing + ": nothing to review");
            cases.put(busy, busy + " is still ");
            for (var c : cases.entrySet()) {
                var r = review(h, c.getKey(), Map.of());
                assertTrue(Boolean.TRUE.equals(r.isError()), c.getKey() + " → " + text(r));
                assertTrue(text(r).contains(c.getValue()), c.getKey() + " → " + text(r));
                assertFalse(text(r).contains("\n"), "one line: " + text(r));
            }
            var withPrompt = review(h, nothing, Map.of("prompt", "review it my way"));
            assertTrue(Boolean.TRUE.equals(withPrompt.isError()) && text(withPrompt).contains("\"prompt\" does not go "
                    + "with review_of"), text(withPrompt));
            assertEquals(jobs, jobCount(h), "nothing created");
            h.call("cancel_job", Map.of("job_id", busy));
            h.awaitEnd(busy);
        }
    }

    @Test
    void aPlanTaskMarkedReviewYesIsReviewedWhenItSucceedsAndThePlanShowsTheVerdict(@TempDir Path dir) throws Exception {
        Path reviewFile = dir.resolve("review.txt");
        Files.writeString(reviewFile, "- Missing newline handling.\nVERDICT: changes\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = harness(project, reviewFile)) {
            var dec = h.call("decompose_plan", Map.of("plan", """
                    # Notes

                    ## Tasks

                    1. **Write notes**: write notes.txt
                       Provider: claude
                       Review: yes
                    2. **Write more**: write more.txt
                       Provider: claude
                    """));
            assertFalse(Boolean.TRUE.equals(dec.isError()), text(dec));
            String session = (String) structured(dec).get("session");
            var spawned = h.call("spawn_agent", Map.of("session", session));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            Path status = project.resolve(".context/impl").resolve(session).resolve("status.json");
            String reviewJob = Await.value("task 1 is reviewed", Duration.ofSeconds(30), () -> {
                try {
                    JsonNode t = JSON.readTree(status.toFile()).get("tasks").get(0);
                    return t.hasNonNull("review_job") ? t.get("review_job").asText() : null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }, java.util.Objects::nonNull);
            assertEquals("succeeded", h.awaitEnd(reviewJob).get("status"));
            assertEquals("changes, 1 finding", statusOf(h, reviewJob).get("review"));
            JsonNode tasks = JSON.readTree(status.toFile()).get("tasks");
            assertTrue(tasks.get(0).get("review").asBoolean());
            assertFalse(tasks.get(1).get("review").asBoolean());
            assertFalse(tasks.get(1).hasNonNull("review_job"), "task 2 does not ask for a review");
            String summary = Files.readString(status.resolveSibling("summary.md"));
            assertTrue(summary.contains("| " + reviewJob + " changes, 1 finding |"), summary);
        }
    }
}
