package dev.bgagents.it;

import dev.bgagents.Await;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two host sessions in one repository start two servers on one project. Each job runs exactly
 * once, under the server that owns it; the other sees it, waits for it, reads its summary and
 * can cancel it; and when the owner dies, the other takes its jobs over.
 */
class SharedProjectIT {

    @Test
    void aQueuedJobOfOneServerIsNeverStartedByAnother(@TempDir Path dir) throws Exception {
        try (ServerHarness a = new ServerHarness(dir, "\"max_concurrent\": 1").start()) {
            String first = a.spawn("MODE:tally=3", Map.of());
            String second = a.spawn("MODE:tally=1", Map.of());
            assertEquals("queued", status(a, second));
            try (ServerHarness b = a.twin().start()) {
                // b loaded both records on start: the queued one is a's to start, not b's
                assertEquals("succeeded", a.awaitEnd(first).get("status"));
                assertEquals("succeeded", a.awaitEnd(second).get("status"));
                List<String> runs = Files.readAllLines(dir.resolve("tally.txt"));
                assertEquals(2, runs.size(), "each job ran once: " + runs);

                // and b follows them from their records
                assertEquals("succeeded", b.awaitEnd(second).get("status"));
                String summary = ServerHarness.text(b.call("read_summary", Map.of("job_id", second)));
                assertTrue(summary.contains("Tallied."), summary);
            }
        }
    }

    @Test
    void aJobStartedByOneServerIsSeenAwaitedAndCancelledFromTheOther(@TempDir Path dir) throws Exception {
        try (ServerHarness a = new ServerHarness(dir, "").start(); ServerHarness b = a.twin().start()) {
            String quick = a.spawn("MODE:sleep=1", Map.of());
            // b never loaded it: it was started after b came up
            assertEquals("succeeded", b.awaitEnd(quick).get("status"));
            assertTrue(defaultListing(a).contains(quick), "unread, for the session that started it");
            assertFalse(defaultListing(b).contains(quick), "not the other session's to read");

            String stubborn = a.spawn("MODE:grandchild", Map.of());
            awaitRunning(a, stubborn);
            assertFalse(a.survivors().isEmpty());
            McpSchema.CallToolResult cancelled = b.call("cancel_job", Map.of("job_id", stubborn));
            assertFalse(Boolean.TRUE.equals(cancelled.isError()), ServerHarness.text(cancelled));
            assertEquals("cancelled", ServerHarness.structured(cancelled).get("status"), ServerHarness.text(cancelled));
            assertEquals("cancelled", status(a, stubborn), "the owner carried the cancel out and recorded it");
            assertEquals(List.of(), a.survivors(), "nothing of the job survives");
        }
    }

    @Test
    void theJobsOfAServerThatDiesAreTakenOverByTheOther(@TempDir Path dir) throws Exception {
        try (ServerHarness a = new ServerHarness(dir, "").start(); ServerHarness b = a.twin().start()) {
            String job = a.spawn("MODE:tally=3", Map.of());
            awaitRunning(a, job);
            a.killServerHard();

            Map<String, Object> ended = b.awaitEnd(job);
            assertEquals("succeeded", ended.get("status"), ended.toString());
            assertEquals(1, Files.readAllLines(dir.resolve("tally.txt")).size(), "taken over, not started again");
            assertTrue(Files.isRegularFile(b.jobDir(job).resolve("summary.md")));
            assertTrue(defaultListing(b).contains(job), "the server that finished it lists it as unread");
            Await.until("b's host hears of " + job, Duration.ofSeconds(5),
                    () -> b.logs.stream().anyMatch(l -> String.valueOf(l.data()).contains(job)));
            assertTrue(b.logs.stream().anyMatch(l -> String.valueOf(l.data()).contains(job)),
                    "the server that finished it told its host: " + b.logs);
        }
    }

    @Test
    void aJobWhoseAgentExitedReadsAsEndedOnTheOtherServerBeforeItsOwnerRecordsIt(@TempDir Path dir) throws Exception {
        try (ServerHarness a = new ServerHarness(dir, "").start(); ServerHarness b = a.twin().start()) {
            String job = a.spawn("MODE:sleep=2", Map.of());
            awaitRunning(a, job);
            // the owner hangs (stopped, its locks still held): only the agent's exit record tells the end
            long owner = a.serverPid();
            signal("STOP", owner);
            try {
                McpSchema.CallToolResult waited = b.call("job_status",
                        Map.of("job_ids", List.of(job), "wait", "any", "timeout_seconds", 30));
                @SuppressWarnings("unchecked")
                Map<String, Object> seen = ((List<Map<String, Object>>) ServerHarness.structured(waited).get("jobs")).get(0);
                assertEquals("succeeded", seen.get("status"), ServerHarness.text(waited));
                assertEquals(0, ((Number) seen.get("exit_code")).intValue(), seen.toString());
                assertTrue(Files.readString(a.jobDir(job).resolve("job.json")).contains("\"running\""),
                        "the record is still the owner's to write");
                String summary = ServerHarness.text(b.call("read_summary", Map.of("job_id", job)));
                assertTrue(summary.contains("succeeded"), summary);
            } finally {
                signal("CONT", owner);
            }
            assertEquals("succeeded", a.awaitEnd(job).get("status"), "the owner records it when it runs again");
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor());
    }

    @SuppressWarnings("unchecked")
    private static String status(ServerHarness h, String id) {
        var r = h.call("job_status", Map.of("job_ids", List.of(id)));
        return (String) ((List<Map<String, Object>>) ServerHarness.structured(r).get("jobs")).get(0).get("status");
    }

    @SuppressWarnings("unchecked")
    private static List<String> defaultListing(ServerHarness h) {
        var r = h.call("job_status", Map.of());
        return ((List<Map<String, Object>>) ServerHarness.structured(r).get("jobs")).stream()
                .map(j -> (String) j.get("job_id")).toList();
    }

    @Test
    void theConcurrencyCapHoldsForTheProjectNotForEachServer(@TempDir Path dir) throws Exception {
        Path spans = dir.resolve("spans.txt");
        try (ServerHarness a = new ServerHarness(dir, "\"max_concurrent\": 2",
                List.of("bash", ServerHarness.STANDIN.toString()), Map.of("SPANS", spans.toString())).start();
             ServerHarness b = a.twin().start(); ServerHarness c = a.twin().start()) {
            List<String> jobs = new java.util.ArrayList<>();
            for (ServerHarness h : List.of(a, b, c, a, b, c)) {
                jobs.add(h.spawn("MODE:span=2", Map.of()));
            }
            for (String id : jobs) {
                assertEquals("succeeded", a.awaitEnd(id).get("status"), id);
            }
            int now = 0;
            int most = 0;
            List<String[]> events = Files.readAllLines(spans).stream().map(l -> l.split(" "))
                    .sorted(java.util.Comparator.comparing((String[] e) -> Long.parseLong(e[1]))).toList();
            for (String[] e : events) {
                now += e[0].equals("start") ? 1 : -1;
                most = Math.max(most, now);
            }
            assertEquals(12, events.size(), "every job ran once: " + events.size() + " events");
            assertEquals(2, most, "at most max_concurrent agents at once across the three servers");
        }
    }

    @Test
    void aMergeThroughOneServerSurvivesTheOwnersNextWriteOfTheRecord(@TempDir Path dir) throws Exception {
        try (ServerHarness a = new ServerHarness(dir, "").start(); ServerHarness b = a.twin().start()) {
            String id = a.spawn("write shared.txt", Map.of("worktree", true));
            assertEquals("succeeded", a.awaitEnd(id).get("status"));
            McpSchema.CallToolResult merged = b.call("merge_worktree", Map.of("job_id", id));
            assertEquals(true, ServerHarness.structured(merged).get("merged"), ServerHarness.text(merged));

            a.call("read_summary", Map.of("job_id", id)); // the owner writes the record (read) after the merge

            McpSchema.CallToolResult again = a.call("merge_worktree", Map.of("job_id", id));
            assertTrue(ServerHarness.text(again).contains("already merged"), ServerHarness.text(again));
            String record = Files.readString(a.jobDir(id).resolve("job.json"));
            assertTrue(record.contains("\"merge_commit\""), record);
            assertTrue(record.contains("\"summary_read\" : true"), record);

            // and a server that has not written the record since still answers from it, not from memory
            String second = a.spawn("write second.txt", Map.of("worktree", true));
            assertEquals("succeeded", a.awaitEnd(second).get("status"));
            assertEquals(true, ServerHarness.structured(b.call("merge_worktree", Map.of("job_id", second))).get("merged"));
            McpSchema.CallToolResult fromA = a.call("merge_worktree", Map.of("job_id", second));
            assertTrue(ServerHarness.text(fromA).contains("already merged"), ServerHarness.text(fromA));
        }
    }

    @Test
    void fiftyOneWorktreeJobsSpawnedAtOnceOnThreeServersAllGetTheirWorktrees(@TempDir Path dir) throws Exception {
        Map<String, Object> quick = Map.of("quick", Map.of("command", List.of("bash", "-c",
                "cat > /dev/null; sleep 0.$((RANDOM % 5)); echo done > \"r-$BG_AGENTS_JOB.txt\"; echo done"),
                "output", "text"));
        ServerHarness first = new ServerHarness(dir, "\"max_concurrent\": 3").withProviders(quick);
        // files enough that a checkout holds the repository's lock for a while, as in a real project
        for (int i = 0; i < 500; i++) {
            Files.writeString(Files.createDirectories(dir.resolve("src/" + i % 10)).resolve(i + ".txt"), i + "\n");
        }
        first.git("add", "src");
        first.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "files");
        try (ServerHarness a = first.start(); ServerHarness b = a.twin().start(); ServerHarness c = a.twin().start()) {
            List<ServerHarness> servers = List.of(a, b, c);
            List<String> ids = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            List<String> refused = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            List<java.util.concurrent.CompletableFuture<Void>> spawners = new java.util.ArrayList<>();
            for (int t = 0; t < 9; t++) {
                int start = t;
                spawners.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                    for (int n = start; n < 51; n += 9) {
                        McpSchema.CallToolResult r = servers.get(n % 3).call("spawn_agent",
                                Map.of("provider", "quick", "prompt", "job " + n, "worktree", true));
                        (Boolean.TRUE.equals(r.isError()) ? refused : ids).add(Boolean.TRUE.equals(r.isError())
                                ? ServerHarness.text(r) : (String) ServerHarness.structured(r).get("job_id"));
                    }
                }, java.util.concurrent.Executors.newSingleThreadExecutor()));
            }
            for (var s : spawners) {
                s.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
            assertEquals(List.of(), refused, "every spawn answered with a job");
            List<String> failed = new java.util.ArrayList<>();
            for (String id : ids) {
                Map<String, Object> end = a.awaitEnd(id);
                if (!"succeeded".equals(end.get("status"))) {
                    failed.add(id + ": " + ServerHarness.text(a.call("read_summary", Map.of("job_id", id))).lines()
                            .filter(l -> l.startsWith("Reason:")).findFirst().orElse(String.valueOf(end)));
                }
            }
            assertEquals(List.of(), failed, "of " + ids.size() + " jobs");
        }
    }

    private static void awaitRunning(ServerHarness h, String id) throws InterruptedException {
        Await.value(id + " runs", Duration.ofSeconds(5), () -> status(h, id), "running"::equals);
        assertEquals("running", status(h, id));
    }
}
