package dev.bgagents.it;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.PersonRequest;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A person in the loop, the server side, with the packaged server and the SDK's client: the test stands
 * in for the job-side relay (it writes the agent's request into the job's channel, as the relay does,
 * and passes the answer on to a stand-in agent waiting for it), so what is checked is the server's part:
 * the job shows waiting and a wait wakes on it, the answer reaches the files through resume_session (or
 * an elicitation), the job runs again and succeeds; no answer is the deadline's deny, in the summary.
 */
class PersonInTheLoopIT {
    private static final Path ASKING = Path.of("src/test/resources/standins/asking-standin.sh").toAbsolutePath();

    private static ServerHarness harness(Path dir) throws Exception {
        return new ServerHarness(dir, "", List.of("bash", ASKING.toString()), Map.of());
    }

    /** The relay's half: the agent asks to run {@code rm -rf build}, a deny at {@code deadline}. */
    private static ChannelDir ask(ServerHarness h, String job, String id, Instant deadline) throws Exception {
        ChannelDir channel = ChannelDir.of(h.jobDir(job));
        channel.ask(new PersonRequest(id, "Bash", "rm -rf build", Instant.now(), deadline));
        return channel;
    }

    /** The relay's other half: the answer passed on to the agent, which then ends. */
    private static void passOn(ServerHarness h, Answer a) throws Exception {
        Files.writeString(h.project.resolve("relay-said.txt"), a.decision().name().toLowerCase() + " by " + a.by()
                + (a.message() == null ? "" : ": " + a.message()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(ServerHarness h, String job) {
        var r = h.call("job_status", Map.of("job_ids", List.of(job)));
        return ((List<Map<String, Object>>) structured(r).get("jobs")).get(0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting: " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void aWaitWakesOnTheQuestionAndAnAnswerThroughTheToolLetsTheJobGoOnAndSucceed(@TempDir Path dir) throws Exception {
        try (ServerHarness h = harness(dir).start()) {
            String job = h.spawn("delete the build folder", Map.of());
            await("running", () -> "running".equals(status(h, job).get("status")));
            CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(() ->
                    h.call("job_status", Map.of("job_ids", List.of(job), "wait", "any", "timeout_seconds", 40)));
            Thread.sleep(500);
            assertFalse(waiting.isDone(), "the wait waits while the job just runs");
            long asked = System.nanoTime();
            ChannelDir channel = ask(h, job, "r1", Instant.now().plusSeconds(300));
            McpSchema.CallToolResult woke = waiting.get(20, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - asked) / 1e9;
            System.out.printf("[person] wait=any woke %.2f s after the request was written%n", seconds);
            String line = text(woke);
            assertTrue(line.contains("waiting") && line.contains("waits for an answer: Bash: rm -rf build (request r1; deny in 4m"),
                    line);
            assertTrue(line.contains("resume_session {job_id: \"" + job + "\", answer: \"allow\"}"), line);
            assertEquals(true, structured(woke).get("condition_met"));

            // an answer on a job with no question, a steering message and an interrupt, as the person's words
            McpSchema.CallToolResult bad = h.call("resume_session", Map.of("job_id", job, "answer", "allow",
                    "request_id", "r9"));
            assertTrue(Boolean.TRUE.equals(bad.isError()) && text(bad).contains("request \"r9\" is not pending"), text(bad));
            McpSchema.CallToolResult steer = h.call("resume_session", Map.of("job_id", job, "prompt", "keep the logs"));
            assertFalse(Boolean.TRUE.equals(steer.isError()), text(steer));
            assertTrue(text(steer).contains("at its next turn boundary by interrupting and resuming it in its session"),
                    text(steer));
            assertEquals(job, structured(steer).get("job_id"));
            assertEquals(List.of(InboxMessage.Kind.MESSAGE), channel.waiting().stream().map(InboxMessage::kind).toList());

            McpSchema.CallToolResult allowed = h.call("resume_session", Map.of("job_id", job, "answer", "allow",
                    "prompt", "only build/, nothing else"));
            assertFalse(Boolean.TRUE.equals(allowed.isError()), text(allowed));
            assertTrue(text(allowed).startsWith("Allowed Bash: rm -rf build (request r1) for " + job), text(allowed));
            assertEquals("running", structured(allowed).get("status"));
            Answer a = channel.answerOf("r1").orElseThrow();
            assertEquals(Answer.Decision.ALLOW, a.decision());
            assertEquals("host", a.by());
            assertEquals("only build/, nothing else", a.message());
            McpSchema.CallToolResult twice = h.call("resume_session", Map.of("job_id", job, "answer", "deny"));
            assertTrue(Boolean.TRUE.equals(twice.isError()) && text(twice).contains("not waiting for an answer"), text(twice));

            passOn(h, a);
            Map<String, Object> end = h.awaitEnd(job);
            assertEquals("succeeded", end.get("status"), end.toString());
            String summary = text(h.call("read_summary", Map.of("job_id", job)));
            assertTrue(summary.contains("Asked a person 1 time:") && summary.contains("- Bash: rm -rf build — allowed by host"),
                    summary);
            McpSchema.CallToolResult late = h.call("resume_session", Map.of("job_id", job, "interrupt", true));
            assertTrue(Boolean.TRUE.equals(late.isError()) && text(late).contains("nothing to interrupt"), text(late));
        }
    }

    @Test
    void noAnswerByTheDeadlineIsTheRelaysDenyAndTheSummarySaysSo(@TempDir Path dir) throws Exception {
        try (ServerHarness h = harness(dir).start()) {
            String job = h.spawn("delete the build folder", Map.of());
            await("running", () -> "running".equals(status(h, job).get("status")));
            Instant deadline = Instant.now().plusSeconds(2);
            ChannelDir channel = ask(h, job, "r1", deadline);
            await("waiting", () -> "waiting".equals(status(h, job).get("status")));
            // the relay, at the deadline
            Thread.sleep(Math.max(0, deadline.toEpochMilli() - System.currentTimeMillis()));
            Answer timeout = new Answer("r1", Answer.Decision.DENY, "no answer within 2 s", "timeout", Instant.now());
            assertTrue(channel.answer(timeout));
            await("running again", () -> "running".equals(status(h, job).get("status")));
            passOn(h, timeout);
            assertEquals("succeeded", h.awaitEnd(job).get("status"));
            String summary = text(h.call("read_summary", Map.of("job_id", job)));
            assertTrue(summary.contains("- Bash: rm -rf build — denied: no answer within 2 s (the agent was told)"), summary);
        }
    }

    @Test
    void aHostThatTakesElicitationsAnswersInItsOwnUi(@TempDir Path dir) throws Exception {
        List<McpSchema.ElicitFormRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerHarness h = harness(dir).withElicitation(req -> {
            seen.add(req);
            return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                    Map.of("decision", "deny", "message", "not the build folder"));
        }).start()) {
            String job = h.spawn("delete the build folder", Map.of());
            await("running", () -> "running".equals(status(h, job).get("status")));
            long asked = System.nanoTime();
            ChannelDir channel = ask(h, job, "r1", Instant.now().plusSeconds(300));
            await("answered by elicitation", () -> channel.answerOf("r1").isPresent());
            System.out.printf("[person] elicitation answered %.2f s after the request was written%n",
                    (System.nanoTime() - asked) / 1e9);
            Answer a = channel.answerOf("r1").orElseThrow();
            assertEquals(Answer.Decision.DENY, a.decision());
            assertEquals("elicitation", a.by());
            assertEquals("not the build folder", a.message());
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).message().contains(job) && seen.get(0).message().contains("Bash: rm -rf build (request r1)"),
                    seen.get(0).message());
            passOn(h, a);
            assertEquals("succeeded", h.awaitEnd(job).get("status"));
            assertEquals(1, seen.size(), "asked once");
        }
    }

    @Test
    void theDashboardsAllowReachesTheJob(@TempDir Path dir) throws Exception {
        try (ServerHarness h = harness(dir).start(); DashboardIT.Served d = DashboardIT.dashboard(dir)) {
            String job = h.spawn("delete the build folder", Map.of());
            await("running", () -> "running".equals(status(h, job).get("status")));
            ChannelDir channel = ask(h, job, "r1", Instant.now().plusSeconds(300));
            await("waiting", () -> "waiting".equals(status(h, job).get("status")));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String page = http.send(java.net.http.HttpRequest.newBuilder(d.url()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"bg-csrf\" content=\"([0-9a-f]{32})\"")
                    .matcher(page);
            assertTrue(csrf.find(), page);
            String origin = "http://127.0.0.1:" + d.url().getPort();
            java.util.function.Function<String, java.net.http.HttpResponse<String>> post = from -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(d.url().resolve("answer"))
                            .header("Origin", from).header("X-Bg-Csrf", csrf.group(1)).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"job\":\"" + job
                                    + "\",\"request\":\"r1\",\"decision\":\"allow\"}")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            assertEquals(403, post.apply("http://evil.example").statusCode(), "a forged Origin");
            assertTrue(channel.answerOf("r1").isEmpty());
            assertEquals(200, post.apply(origin).statusCode());
            Answer a = channel.answerOf("r1").orElseThrow();
            assertEquals("dashboard", a.by());
            await("running again", () -> "running".equals(status(h, job).get("status")));
            passOn(h, a);
            assertEquals("succeeded", h.awaitEnd(job).get("status"));
        }
    }

    /** The same in headless Chromium: another site's page cannot answer; a click on Allow does. */
    @Test
    void aPersonClicksAllowInABrowser(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path playwright = Path.of(".tools/browser/node_modules/playwright-core").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(chromium) && Files.isDirectory(playwright),
                "no chromium or playwright-core here");
        try (ServerHarness h = harness(dir).start(); DashboardIT.Served d = DashboardIT.dashboard(dir)) {
            String job = h.spawn("delete the build folder", Map.of());
            await("running", () -> "running".equals(status(h, job).get("status")));
            ChannelDir channel = ask(h, job, "r1", Instant.now().plusSeconds(300));
            ProcessBuilder pb = new ProcessBuilder("node", Path.of("src/test/resources/dashboard/answer.cjs").toAbsolutePath()
                    .toString(), d.url().toString(), job, "r1").redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("PLAYWRIGHT_CORE", playwright.toString());
            pb.environment().put("CHROMIUM", chromium.toString());
            Process node = pb.start();
            String line = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            assertTrue(node.waitFor(90, TimeUnit.SECONDS));
            System.out.println("[person] browser: " + line);
            var r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertFalse(r.has("failed"), r.path("failed").asText());
            assertEquals(403, r.path("forgedForm").asInt(), line);
            assertEquals("blocked", r.path("forgedFetch").asText(), "the preflight is refused: " + line);
            assertEquals("asks: Bash: rm -rf build", r.path("question").asText().replaceAll(" \\(denied at .*", ""));
            assertEquals(200, r.path("status").asInt(), line);
            assertEquals(0, r.path("errors").size(), line);
            Answer a = channel.answerOf("r1").orElseThrow();
            assertEquals("dashboard", a.by());
            assertEquals(Answer.Decision.ALLOW, a.decision());
            passOn(h, a);
            assertEquals("succeeded", h.awaitEnd(job).get("status"));
        }
    }
}
