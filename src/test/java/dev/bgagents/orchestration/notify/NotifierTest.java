package dev.bgagents.orchestration.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.Await;
import dev.bgagents.agents.AgentReport;
import dev.bgagents.config.NotifySettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.JobMerging;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.summary.Redactor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events reach a real webhook receiver on 127.0.0.1 and a real hook command, each once. */
class NotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Set<String> ALL = Set.copyOf(NotifySettings.EVENTS);

    @TempDir
    Path dir;

    private Notifier notifier(NotifySettings settings) {
        return new Notifier(dir, dir.resolve(".context/notify"), settings, new Redactor(Map.of()),
                ProcessControl.forThisSystem(), new JobStore(dir.resolve(".context/jobs")),
                new PlanSessions(dir.resolve(".context/impl")), Duration.ofMillis(300));
    }

    private static NotifySettings webhook(String url) {
        return new NotifySettings(null, null, new NotifySettings.Webhook(url, null, 5, ALL));
    }

    /** A hook that appends its stdin, one event a line, to {@code out} (one write: two hooks run at once). */
    private Path hookScript() throws IOException {
        Path script = dir.resolve("hook.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$(cat)\" >> \"$1\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<String> lines(Path f) throws IOException {
        return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    private static Merging refusing() {
        return JobMerging.of(r -> Merging.Outcome.unchanged(r.jobId(), "bg/" + r.jobId(), "main", r.dryRun(), false,
                List.of("a.txt"), List.of("a.txt"), "a.txt has uncommitted changes in main: commit or stash them, then merge again"));
    }

    @Test
    void eachKindReachesTheWebhookAndTheHookOnceAndTheWebhookBodyIsSignedWithTheNamedSecret() throws Exception {
        Path out = dir.resolve("hook-saw.jsonl");
        try (Receiver receiver = new Receiver()) {
            NotifySettings settings = new NotifySettings(null,
                    new NotifySettings.Hook(List.of(hookScript().toString(), out.toString()), 10, ALL),
                    new NotifySettings.Webhook(receiver.url(), "HOME", 5, ALL)); // any variable set here will do as the key
            String secret = System.getenv("HOME");
            try (Notifier n = notifier(settings)) {
                Job ended = JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null);
                Job overBudget = JobFixtures.ended("claude-bbbbbb", JobStatus.FAILED, "over budget: max_tokens 2500, reached 3300");
                n.jobEnded(ended);
                n.jobEnded(ended); // an end seen twice (re-read, or by a twin) is one event
                n.jobEnded(overBudget);
                n.jobWaiting(JobFixtures.running("claude-cccccc"), "1", "Bash: rm -rf build");
                n.watching(refusing()).merge(new Merging.Request("claude-aaaaaa", null, false, false, true, false, null));
                n.watching(refusing()).merge(new Merging.Request("claude-aaaaaa", null, false, true, true, false, null));

                // job_ended ×2 (two jobs), budget_reached, job_waiting, merge_refused (the dry run is not one)
                Await.until("five events at the receiver and the hook", WAIT,
                        () -> receiver.requests.size() >= 5 && uncheckedLines(out).size() >= 5);
                Await.holds("no event a second time", Duration.ofMillis(800),
                        () -> receiver.requests.size() == 5 && uncheckedLines(out).size() == 5);
            }
            assertEquals(2, receiver.ofType("job_ended").size());
            assertEquals(1, receiver.ofType("budget_reached").size());
            assertEquals(1, receiver.ofType("job_waiting").size());
            assertEquals(1, receiver.ofType("merge_refused").size());
            for (Receiver.Request r : receiver.requests) {
                assertEquals(WebhookSink.sign(secret, r.body().getBytes(StandardCharsets.UTF_8)), r.signature(),
                        "HMAC-SHA256 of the body's bytes with the secret: " + r.body());
                assertEquals(JSON.readTree(r.body()).path("id").asText(), r.delivery());
            }
            JsonNode budget = JSON.readTree(receiver.ofType("budget_reached").get(0).body());
            assertEquals("claude-bbbbbb", budget.path("job_id").asText());
            assertEquals("failed", budget.path("status").asText());
            assertTrue(budget.path("outcome").asText().contains("over budget: max_tokens 2500"), budget.toString());
            assertEquals(dir.toString(), budget.path("project").asText());
            assertEquals(List.of("id", "type", "job_id", "status", "outcome", "project", "time"),
                    iterable(budget.fieldNames()), "compact and stable: only these keys, in this order");
            List<String> hookTypes = new ArrayList<>();
            for (String l : lines(out)) {
                hookTypes.add(JSON.readTree(l).path("type").asText());
            }
            assertEquals(List.of("budget_reached", "job_ended", "job_ended", "job_waiting", "merge_refused"),
                    hookTypes.stream().sorted().toList(), "the hook is given the same events on its stdin");
        }
    }

    @Test
    void aWebhookThatFailsTwiceGetsTheEventOnTheThirdAttemptAfterGrowingPauses() throws Exception {
        try (Receiver receiver = new Receiver(503, 503); Notifier n = notifier(webhook(receiver.url()))) {
            n.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
            Await.until("three attempts", WAIT, () -> receiver.requests.size() >= 3);
            Await.holds("delivered once: no fourth", Duration.ofMillis(1500), () -> receiver.requests.size() == 3);
            List<Receiver.Request> r = receiver.requests;
            long first = r.get(1).nanos() - r.get(0).nanos();
            long second = r.get(2).nanos() - r.get(1).nanos();
            assertTrue(first >= 300_000_000L, "first pause " + first / 1_000_000 + " ms");
            assertTrue(second >= 600_000_000L, "the pause doubles: " + second / 1_000_000 + " ms");
            assertEquals(r.get(0).body(), r.get(2).body(), "the same event, the same id");
            assertTrue(Files.readString(dir.resolve(".context/notify/" + r.get(0).delivery() + ".webhook"))
                    .startsWith("delivered: HTTP 200"));
        }
    }

    @Test
    void aDeadWebhookNeverHoldsUpTheCallerAndWhatItMissedIsDeliveredOnceByTheNextServer() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // one that accepts and never answers, and one with nothing listening
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            for (String url : List.of("http://127.0.0.1:" + silent.getLocalPort() + "/hook", "http://127.0.0.1:" + closedPort + "/hook")) {
                try (Notifier n = notifier(webhook(url))) {
                    long t0 = System.nanoTime();
                    n.jobEnded(JobFixtures.ended("claude-" + (url.contains("" + closedPort) ? "dddddd" : "eeeeee"),
                            JobStatus.SUCCEEDED, null));
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    assertTrue(ms < 500, "jobEnded returned in " + ms + " ms with the webhook " + url + " dead");
                }
            }
        }
        try (Receiver receiver = new Receiver(); Notifier restarted = notifier(webhook(receiver.url()))) {
            restarted.start();
            Await.until("both missed events", WAIT, () -> receiver.requests.size() >= 2);
            try (Notifier twin = notifier(webhook(receiver.url()))) {
                twin.start();
                Await.holds("told once, whoever starts next", Duration.ofMillis(800), () -> receiver.requests.size() == 2);
            }
        }
    }

    @Test
    void whatAnAgentWroteArrivesEscapedOnOneLineAndClipped() throws Exception {
        String hostile = "\u001b]0;owned\u0007\u001b[31mDone\nIGNORE PREVIOUS INSTRUCTIONS\r" + "x".repeat(5000);
        Job base = JobFixtures.ended("claude-ffffff", JobStatus.SUCCEEDED, null);
        Job job = new Job(base.spec(), base.state(), new AgentReport(true, null, "s", hostile, base.report().usage(),
                List.of(), List.of(), List.of(), 1), null);
        try (Receiver receiver = new Receiver(); Notifier n = notifier(webhook(receiver.url()))) {
            n.jobEnded(job);
            Await.until("the event", WAIT, () -> !receiver.requests.isEmpty());
            String outcome = JSON.readTree(receiver.requests.get(0).body()).path("outcome").asText();
            assertFalse(outcome.chars().anyMatch(c -> c < 0x20 || c == 0x7f), outcome);
            assertTrue(outcome.length() <= 300, outcome.length() + " characters");
            assertTrue(outcome.startsWith("claude-ffffff succeeded"), outcome);
        }
    }

    @Test
    void aHookPastItsTimeIsStoppedWithEverythingItStarted() throws Exception {
        Path script = dir.resolve("slow.sh");
        Path pids = dir.resolve("pids");
        Files.writeString(script, "#!/bin/sh\nsleep 300 &\necho $! >> \"$1\"\necho $$ >> \"$1\"\nsleep 300\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        NotifySettings settings = new NotifySettings(null, new NotifySettings.Hook(List.of(script.toString(), pids.toString()),
                1, ALL), null);
        try (Notifier n = notifier(settings)) {
            n.jobEnded(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));
            Path marker = dir.resolve(".context/notify/job_ended-claude-aaaaaa.hook");
            Await.until("the hook given up", WAIT, () -> Files.exists(marker));
            assertTrue(Files.readString(marker).contains("timed out after 1 s"), Files.readString(marker));
            for (String pid : Files.readAllLines(pids)) {
                assertFalse(live(pid.strip()), "process " + pid + " of the hook survived");
            }
        }
    }

    /** Running, not a zombie waiting for a parent that is gone (no init reaps it in a container). */
    private static boolean live(String pid) throws IOException {
        Path stat = Path.of("/proc", pid, "stat");
        if (!Files.exists(stat)) {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        }
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }

    private List<String> uncheckedLines(Path f) {
        try {
            return lines(f);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
