package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** spawn → wait → summary through the real server over stdio, with the claude-like stand-in. */
class JobLifecycleIT {

    @Test
    void spawnWaitAndReadTheSummaryOfAJobThatWritesAFile(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            var spawned = h.call("spawn_agent", Map.of("prompt", "please write notes/hello.txt"));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            String id = (String) structured(spawned).get("job_id");
            // its worktree is checked out after the answer: "queued" until then, and the text says so
            assertTrue(List.of("running", "queued").contains(structured(spawned).get("status")), text(spawned));
            assertTrue(text(spawned).startsWith("Start"), text(spawned));
            assertEquals("workspace-write", structured(spawned).get("permissions"));
            assertTrue(text(spawned).length() <= 300, "spawn answer too long: " + text(spawned));

            var waited = h.call("job_status", Map.of("job_ids", List.of(id), "wait", "any", "timeout_seconds", 30));
            Map<?, ?> job = (Map<?, ?>) ((List<?>) structured(waited).get("jobs")).get(0);
            assertEquals("succeeded", job.get("status"), text(waited));
            assertEquals(0, job.get("exit_code"));
            assertEquals(true, structured(waited).get("condition_met"));
            assertNotNull(job.get("session_id"));

            // by default the job worked in its own worktree on its own branch, and its work was committed there
            Path worktree = Path.of((String) structured(spawned).get("worktree"));
            assertEquals(h.worktreesHome().resolve(id), worktree);
            assertFalse(worktree.startsWith(dir.toRealPath()), "outside the checkout: the person's own runs never see it");
            assertEquals("bg/" + id, structured(spawned).get("branch"));
            assertEquals("hello\n", Files.readString(worktree.resolve("notes/hello.txt")));
            assertFalse(Files.exists(dir.resolve("notes")), "the user's tree is untouched");
            assertEquals("", h.git("status", "--porcelain").strip());
            assertTrue(h.git("log", "--format=%s", "bg/" + id).contains("bg-agents: work left uncommitted by " + id));
            var summary = h.call("read_summary", Map.of("job_id", id));
            String md = text(summary);
            assertTrue(md.contains("succeeded"), md);
            assertTrue(md.contains("Done: wrote notes/hello.txt."), md);
            assertTrue(md.contains("Branch: bg/" + id + " (1 commit"), md);
            assertTrue(md.contains("Changes: notes/hello.txt +1 -0"), md);
            assertTrue(md.contains("Next: merge_worktree {job_id: \"" + id + "\"}"), md);
            assertTrue(md.contains("Session: " + job.get("session_id")), md);
            assertTrue(md.contains("$0.0012"), md);
            assertTrue(md.length() <= 1500);

            // the durable record and the summary file
            JsonNode record = new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile());
            assertEquals("succeeded", record.path("state").path("status").asText());
            assertEquals(job.get("session_id"), record.path("state").path("session_id").asText());
            assertTrue(Files.readString(h.jobDir(id).resolve("summary.md")).contains("Done: wrote notes/hello.txt."));

            // .context stays out of git, through info/exclude and never .gitignore
            assertFalse(Files.exists(dir.resolve(".gitignore")));
            assertTrue(Files.readString(dir.resolve(".git/info/exclude")).contains("/.context/"));

            // once read, the job leaves the default listing
            var listing = h.call("job_status", Map.of());
            assertFalse(text(listing).contains(id), text(listing));
        }
    }

    @Test
    void aCrashIsFailedWithTheExitCodeAndTheStderrLine(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:crash", Map.of());
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("failed", job.get("status"));
            assertEquals(3, job.get("exit_code"));
            assertTrue(((String) job.get("last_activity")).contains("fatal: stand-in crashed on purpose"), job.toString());
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("exited 3"), md);
            assertTrue(md.contains("Next:"), md);
        }
    }

    @Test
    void aRunCutOffBeforeItsResultIsFailedNotSucceeded(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:nofinal", Map.of());
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("failed", job.get("status"));
            assertEquals(0, job.get("exit_code"));
            assertTrue(((String) job.get("last_activity")).contains("cut off"), job.toString());
        }
    }

    @Test
    void fiftyMegabytesOfOutputGoToTheLogAndTheSummaryStaysSmall(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:flood=50", Map.of());
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(Files.size(h.jobDir(id).resolve("stdout.log")) > 50L * 1024 * 1024);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.length() <= 1500, "summary of " + md.length() + " chars");
            assertTrue(md.contains("Flooded 50 MB."), md);
        }
    }

    @Test
    void aPromptReachesTheAgentByteForByteOnArgvAndOnStdin(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String tricky = "MODE:echo-prompt \"quotes\" 'single' $(touch pwned) `touch pwned2` $HOME \\ ; | & \n"
                    + "second line\ttab ünïcödé ✓\n";
            String id = h.spawn(tricky, Map.of());
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertEquals(tricky, Files.readString(dir.resolve("prompt-received.bin"), StandardCharsets.UTF_8));
            assertFalse(Files.exists(dir.resolve("pwned")) || Files.exists(dir.resolve("pwned2")));

            // past 16 KiB the prompt goes on stdin instead of argv
            String big = "MODE:echo-prompt\n" + "x".repeat(300_000) + "\nend $(x) `y`\n";
            String id2 = h.spawn(big, Map.of());
            assertEquals("succeeded", h.awaitEnd(id2).get("status"));
            assertEquals(big, Files.readString(dir.resolve("prompt-received.bin"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void beyondTheConcurrencyCapJobsQueueAndStartInOrder(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 1").start()) {
            String first = h.spawn("MODE:sleep=2", Map.of());
            var second = h.call("spawn_agent", Map.of("prompt", "MODE:sleep=1"));
            assertEquals("queued", structured(second).get("status"));
            assertTrue(text(second).startsWith("Queued"), text(second));
            String secondId = (String) structured(second).get("job_id");
            String third = h.spawn("MODE:sleep=1", Map.of());

            var all = h.call("job_status", Map.of("job_ids", List.of(first, secondId, third), "wait", "all"));
            assertEquals(true, structured(all).get("condition_met"), text(all));
            ObjectMapper json = new ObjectMapper();
            Instant firstEnd = Instant.parse(json.readTree(h.jobDir(first).resolve("job.json").toFile())
                    .path("state").path("ended_at").asText());
            JsonNode s2 = json.readTree(h.jobDir(secondId).resolve("job.json").toFile()).path("state");
            JsonNode s3 = json.readTree(h.jobDir(third).resolve("job.json").toFile()).path("state");
            assertEquals("succeeded", s2.path("status").asText());
            assertFalse(Instant.parse(s2.path("started_at").asText()).isBefore(firstEnd), "second started early");
            assertFalse(Instant.parse(s3.path("started_at").asText())
                    .isBefore(Instant.parse(s2.path("ended_at").asText())), "third started before second ended");
        }
    }

    @Test
    void aWaitSendsProgressAndReturnsTheMomentTheJobEnds(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:sleep=7", Map.of());
            long t0 = System.nanoTime();
            var r = h.callWithProgress("job_status", Map.of("job_ids", List.of(id), "wait", "any"), "wait-1");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertEquals(true, structured(r).get("condition_met"), text(r));
            assertTrue(seconds < 12, "the wait took " + seconds + " s for a 7 s job");
            assertFalse(h.progress.isEmpty(), "no progress notification during a 7 s wait");
            assertEquals("wait-1", h.progress.get(0).progressToken());
        }
    }

    @Test
    void aWaitThatRunsOutSaysSoAndIsCappedBelowHostTimeouts(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:sleep=30", Map.of());
            var r = h.call("job_status", Map.of("job_ids", List.of(id), "wait", "any", "timeout_seconds", 1));
            assertEquals(false, structured(r).get("condition_met"));
            assertTrue(text(r).contains("call job_status wait=\"any\" again"), text(r));
            assertTrue(text(r).lines().findFirst().orElseThrow().length() <= 150);
            h.call("cancel_job", Map.of("job_id", id));
        }
    }

    @Test
    void customProvidersFromTheConfigRunThroughTheSameFlow(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").withProviders(Map.of(
                "echoer", Map.of("command", List.of("bash", "-c", "printf 'reply: %s\\n' \"$0\""),
                        "args", List.of("{prompt}"), "output", "text"),
                "jsonler", Map.of("command", List.of("bash", "-c",
                                "read -r line; echo '{\"session_id\":\"s-1\",\"result\":\"got '\"$line\"'\"}'"),
                        "output", "jsonl"),
                "failer", Map.of("command", List.of("bash", "-c", "echo '{\"type\":\"error\",\"message\":\"quota gone\"}'"),
                        "output", "jsonl"))).start()) {
            String echo = h.spawn("hi $(touch nope) \"q\"", Map.of("provider", "echoer"));
            assertEquals("succeeded", h.awaitEnd(echo).get("status"));
            assertTrue(text(h.call("read_summary", Map.of("job_id", echo))).contains("reply: hi $(touch nope) \"q\""));
            assertFalse(Files.exists(dir.resolve("nope")));

            String jsonl = h.spawn("from stdin", Map.of("provider", "jsonler"));
            Map<String, Object> job = h.awaitEnd(jsonl);
            assertEquals("succeeded", job.get("status"));
            assertEquals("s-1", job.get("session_id"));
            assertTrue(text(h.call("read_summary", Map.of("job_id", jsonl))).contains("got from stdin"));

            String failing = h.spawn("anything", Map.of("provider", "failer"));
            Map<String, Object> failed = h.awaitEnd(failing);
            assertEquals("failed", failed.get("status"), "an error event fails the job even with exit 0");
            assertTrue(((String) failed.get("last_activity")).contains("quota gone"), failed.toString());
        }
    }

    @Test
    void ollamaGetsThePromptOnStdinAndAResumeResendsTheEarlierExchange(@TempDir Path dir) throws Exception {
        // ollama cannot be installed here: a fake that answers like `ollama run MODEL` reading stdin
        try (ServerHarness h = new ServerHarness(dir, "").withProviders(Map.of("ollama", Map.of("command",
                List.of("bash", "-c", "[ \"$1\" = run ] || exit 9; p=$(cat); printf '%s answers: %s\\n' \"$2\" \"$p\"",
                        "fake-ollama")))).start()) {
            String id = h.spawn("name one prime", Map.of("provider", "ollama", "model", "tiny"));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(text(h.call("read_summary", Map.of("job_id", id))).contains("tiny answers: name one prime"));

            var resumed = h.call("resume_session", Map.of("job_id", id, "prompt", "and another"));
            assertFalse(Boolean.TRUE.equals(resumed.isError()), text(resumed));
            assertTrue(text(resumed).contains("re-sent as context"), text(resumed));
            String id2 = (String) structured(resumed).get("job_id");
            assertEquals("succeeded", h.awaitEnd(id2).get("status"));
            String md = text(h.call("read_summary", Map.of("job_id", id2, "max_chars", 3000)));
            assertTrue(md.contains("name one prime") && md.contains("tiny answers: name one prime")
                    && md.contains("and another"), md);
        }
    }

    @Test
    void resumingNeedsAnEndedJobWithASession(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String running = h.spawn("MODE:sleep=5", Map.of());
            // a prompt to a running job is a message to it, the same job going on (docs/person-in-the-loop.md)
            var r = h.call("resume_session", Map.of("job_id", running, "prompt", "more"));
            assertTrue(!Boolean.TRUE.equals(r.isError()) && text(r).startsWith("Message sent to " + running), text(r));
            assertEquals(running, structured(r).get("job_id"));
            h.call("cancel_job", Map.of("job_id", running));

            // the stand-in crashes before any session line when its command is wrong
            String noSession = h.spawn("x", Map.of("provider", "nosession"));
            assertEquals("failed", h.awaitEnd(noSession).get("status"));
            var r2 = h.call("resume_session", Map.of("job_id", noSession, "prompt", "more"));
            assertTrue(Boolean.TRUE.equals(r2.isError()) && text(r2).contains("never produced a session id"), text(r2));

            String ok = h.spawn("write a.txt", Map.of());
            assertEquals("succeeded", h.awaitEnd(ok).get("status"));
            var r3 = h.call("resume_session", Map.of("job_id", ok, "prompt", "write b.txt"));
            String id3 = (String) structured(r3).get("job_id");
            assertEquals("succeeded", h.awaitEnd(id3).get("status"));
            assertTrue(Files.exists(dir.resolve("b.txt")));
        }
    }

    @Test
    void autoRoutesByTaskKindAmongInstalledClisAndTheConfigCanOverride(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // gemini would take tests, but only claude (the stand-in) is installed here
            var r = h.call("spawn_agent", Map.of("provider", "auto", "prompt", "Write unit tests for the parser"));
            assertTrue(text(r).contains("auto chose claude for tests work"), text(r));
            assertEquals("claude", structured(r).get("provider"));
            h.awaitEnd((String) structured(r).get("job_id"));
        }
        try (ServerHarness h = new ServerHarness(dir.resolve("second").toFile().mkdirs() ? dir.resolve("second") : dir,
                "\"routing\": {\"tests\": [\"echoer\", \"claude\"]}").withProviders(Map.of(
                "echoer", Map.of("command", List.of("bash", "-c", "cat"), "output", "text"))).start()) {
            var r = h.call("spawn_agent", Map.of("provider", "auto", "prompt", "Add tests for the login flow"));
            assertTrue(text(r).contains("auto chose echoer for tests work"), text(r));
            h.awaitEnd((String) structured(r).get("job_id"));
        }
    }
}
