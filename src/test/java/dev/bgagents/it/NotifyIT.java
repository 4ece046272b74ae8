package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.Await;
import dev.bgagents.orchestration.notify.Receiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notifications to the person, through the packaged server over stdio with the stand-in agent. */
class NotifyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "it-webhook-key-9f2c";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static Path script(Path dir, String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static List<String> lines(Path f) {
        try {
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Test
    void aJobsEndItsBudgetAndARefusedMergeReachTheWebhookTheHookAndTheDesktopOnceEachAcrossATwinAndARestart(
            @TempDir Path dir, @TempDir Path tools) throws Exception {
        Path hookSaw = tools.resolve("hook-saw.jsonl");
        Path hookEnv = tools.resolve("hook-env.txt");
        Path desktopSaw = tools.resolve("notify-send-args.txt");
        Path hook = script(tools, "hook.sh", "env > \"$2\"\nprintf '%s\\n' \"$(cat)\" >> \"$1\"\n");
        // a stand-in notify-send first on the server's PATH: it records its arguments, one call a line
        script(tools.resolve("bin"), "notify-send", "printf '%s|' \"$@\" >> " + desktopSaw + "\necho >> " + desktopSaw + "\n");
        try (Receiver receiver = new Receiver()) {
            String notify = "\"notify\": {\"desktop\": true, \"hook\": {\"command\": [\"" + hook + "\", \"" + hookSaw + "\", \""
                    + hookEnv + "\"]}, \"webhook\": {\"url\": \"" + receiver.url() + "\", \"secret_env\": \"BG_NOTIFY_KEY\"}}";
            Map<String, String> env = Map.of("BG_NOTIFY_KEY", KEY, "MY_SERVICE_TOKEN", "tok-should-not-leak",
                    "PATH", tools.resolve("bin") + ":" + System.getenv("PATH"));
            try (ServerHarness h = new ServerHarness(dir, notify, List.of("bash", ServerHarness.STANDIN.toString()), env).start()) {
                String done = h.spawn("write README.md CONTENT:agent", Map.of("worktree", true));
                h.awaitEnd(done);
                String spent = (String) structured(h.call("spawn_agent", Map.of("prompt", "MODE:spend=40", "max_tokens", 2500)))
                        .get("job_id");
                assertEquals("failed", h.awaitEnd(spent).get("status"));
                Files.writeString(dir.resolve("README.md"), "# my unsaved edit\n");
                assertEquals(false, structured(h.call("merge_worktree", Map.of("job_id", done))).get("merged"));

                // two job_ended, one budget_reached, one merge_refused
                Await.until("four events at each sink", WAIT, () -> receiver.requests.size() >= 4
                        && lines(hookSaw).size() >= 4 && lines(desktopSaw).size() >= 4);
                try (ServerHarness twin = h.twin().start()) {
                    twin.call("job_status", Map.of("job_ids", List.of(done, spent)));
                    Await.holds("the twin tells nothing again", Duration.ofSeconds(2), () -> receiver.requests.size() == 4);
                }
                // the server killed and started anew: the ends it reads back from disk are not told again
                h.killServerHard();
                h.start().call("job_status", Map.of());
                Await.holds("nothing told twice after a restart", Duration.ofSeconds(2), () -> receiver.requests.size() == 4
                        && lines(hookSaw).size() == 4 && lines(desktopSaw).size() == 4);
            }
            List<String> types = new ArrayList<>();
            for (Receiver.Request r : receiver.requests) {
                assertEquals(hmac(r.body()), r.signature(), "signed with $BG_NOTIFY_KEY: " + r.body());
                JsonNode e = JSON.readTree(r.body());
                types.add(e.path("type").asText());
                assertEquals(dir.toString(), e.path("project").asText());
                assertFalse(e.path("outcome").asText().isBlank(), r.body());
            }
            assertEquals(List.of("budget_reached", "job_ended", "job_ended", "merge_refused"), types.stream().sorted().toList());
            assertEquals(receiver.requests.stream().map(Receiver.Request::body).sorted().toList(),
                    lines(hookSaw).stream().sorted().toList(), "the hook read the same events on its stdin");
            assertTrue(lines(desktopSaw).stream().allMatch(l -> l.startsWith("--app-name=bg-agents|--|bg-agents: ")),
                    lines(desktopSaw).toString());
            assertTrue(lines(desktopSaw).stream().anyMatch(l -> l.contains("bg-agents: merge refused|merge of bg/")),
                    lines(desktopSaw).toString());
            String hookEnvironment = Files.readString(hookEnv);
            assertFalse(hookEnvironment.contains("MY_SERVICE_TOKEN") || hookEnvironment.contains("BG_NOTIFY_KEY"),
                    "no secret-named variable reaches the hook");
        }
    }

    @Test
    void aWebhookThatNeverAnswersDelaysNeitherTheJobsEndNorAToolAnswer(@TempDir Path dir) throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never answered
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            String notify = "\"notify\": {\"webhook\": {\"url\": \"http://127.0.0.1:" + silent.getLocalPort()
                    + "/hook\", \"timeout_seconds\": 60}}";
            try (ServerHarness h = new ServerHarness(dir, notify).start()) {
                long t0 = System.nanoTime();
                String a = h.spawn("write a.txt", Map.of());
                assertEquals("succeeded", h.awaitEnd(a).get("status"));
                long firstMs = (System.nanoTime() - t0) / 1_000_000;
                Await.until("the webhook is being called", WAIT, () -> !accepted.isEmpty());
                // while that call hangs, a second job ends as fast and every tool answers at once
                long t1 = System.nanoTime();
                String b = h.spawn("write b.txt", Map.of());
                assertEquals("succeeded", h.awaitEnd(b).get("status"));
                long secondMs = (System.nanoTime() - t1) / 1_000_000;
                long t2 = System.nanoTime();
                h.call("job_status", Map.of("job_ids", List.of(a, b)));
                long statusMs = (System.nanoTime() - t2) / 1_000_000;
                System.out.printf("NotifyIT: job ended %d ms (webhook not yet called), %d ms (webhook hanging); "
                        + "job_status %d ms%n", firstMs, secondMs, statusMs);
                assertTrue(statusMs < 2000, "job_status took " + statusMs + " ms");
                assertTrue(secondMs < firstMs + 3000, "the second job took " + secondMs + " ms, the first " + firstMs);
                Path marker = dir.resolve(".context/notify/job_ended-" + a + ".webhook");
                assertFalse(Files.exists(marker), "the first event is still being delivered when all this is done");
                assertTrue(Files.exists(dir.resolve(".context/notify/job_ended-" + b + ".json")), "the second is on record");
            }
        }
    }

    private static String hmac(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
