package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Steering by interrupt and resume, through the real server with the stand-in agent (claude's stream, no
 * relay): a message left in a running job's inbox — as resume_session on a running job leaves it — stops
 * the agent at its next turn boundary and resumes it in its session with the message, in the same job and
 * worktree; an interrupt with no message stops it at once, its work kept.
 */
class SteerIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMessageSteersARunningJobAtATurnBoundaryWithoutACancel(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=60", Map.of("worktree", true));
            Path wt = awaitSteps(h, id, 2);
            long sent = System.nanoTime();
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE,
                    "STEER-MSG: stop stepping and write steered.txt", "test", Instant.now()));
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE,
                    "and a second thought", "test", Instant.now()));
            Map<String, Object> end = h.awaitEnd(id);
            System.out.println("[steer] stand-in: message to its end " + (System.nanoTime() - sent) / 1_000_000 + " ms");

            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertEquals(id, end.get("job_id"));
            String prompts = Files.readString(wt.resolve("steer-prompts.txt"));
            assertTrue(prompts.contains("STEER-MSG: stop stepping and write steered.txt\n\nand a second thought"),
                    "both messages, in order, in one resumed round: " + prompts);
            int steps = Files.readAllLines(wt.resolve("steps.txt")).size();
            assertTrue(steps >= 2 && steps < 60, "stopped mid-run: " + steps + " steps");
            // both rounds' work on the job's branch
            String branch = record(h, id).path("workspace").path("branch").asText();
            assertEquals("steered", h.git("show", branch + ":steered.txt").strip());
            assertEquals(steps, h.git("show", branch + ":steps.txt").strip().lines().count());
            // the steer is a step of the job, between its two agent rounds, and the message was delivered once
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded"), steps(h, id));
            assertEquals(List.of(), ChannelDir.of(h.jobDir(id)).waiting());
            assertEquals(2, Files.list(ChannelDir.of(h.jobDir(id)).delivered()).count());
            assertEquals(List.of(), h.survivors());
        }
    }

    /** The person's side and the job's, together: resume_session on a running job steers it, same id. */
    @Test
    void resumeSessionOnARunningJobSteersItInItsSession(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=60", Map.of("worktree", true));
            Path wt = awaitSteps(h, id, 2);
            var r = h.call("resume_session", Map.of("job_id", id, "prompt", "STEER-MSG: through the tool"));
            String said = ServerHarness.text(r);
            assertNotEquals(Boolean.TRUE, r.isError(), said);
            assertEquals(id, ServerHarness.structured(r).get("job_id"), said);
            assertTrue(said.contains("turn boundary"), "how it will be delivered: " + said);

            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertTrue(Files.readString(wt.resolve("steer-prompts.txt")).contains("STEER-MSG: through the tool"));
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded"), steps(h, id));
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void aMessageLeftWhileNoServerRunsIsDeliveredWhenOneIsBack(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=80", Map.of("worktree", true));
            Path wt = awaitSteps(h, id, 2);
            h.killServerHard(); // the agent runs on, as it outlives its server
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE,
                    "STEER-MSG: sent while no server ran", "test", Instant.now()));
            Thread.sleep(1000);
            assertTrue(ChannelDir.of(h.jobDir(id)).waiting().size() == 1, "nobody takes it without a server");
            h.start();
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertTrue(Files.readString(wt.resolve("steer-prompts.txt")).contains("STEER-MSG: sent while no server ran"));
            assertTrue(Files.readAllLines(wt.resolve("steps.txt")).size() < 80, "stopped mid-run");
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded"), steps(h, id));
            assertEquals(List.of(), h.survivors());
        }
    }

    /** The server died between its stop and the resume: the next one reads the exit as the steer it was. */
    @Test
    void aStopWhoseServerDiedIsReadAsTheSteerItWas(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=80", Map.of("worktree", true));
            Path wt = awaitSteps(h, id, 2);
            h.killServerHard();
            ChannelDir channel = ChannelDir.of(h.jobDir(id));
            channel.send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE, "STEER-MSG: after the crash",
                    "test", Instant.now()));
            Files.writeString(channel.dir().resolve("steer.json"), "{}"); // what the dead server put on record
            long pid = record(h, id).path("state").path("pid").asLong();
            new ProcessBuilder("kill", "-TERM", "--", "-" + pid).inheritIO().start().waitFor(); // and its stop
            while (ServerHarness.running(pid)) {
                Thread.sleep(20);
            }
            h.start();
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertTrue(Files.readString(wt.resolve("steer-prompts.txt")).contains("STEER-MSG: after the crash"));
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded"), steps(h, id));
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void aSteeredRoundTakesNoneOfTheChecksFixAttempts(@TempDir Path dir) throws Exception {
        String check = "\"verify\": {\"state\": [\"sh\", \"-c\", \"grep -q fixed state.txt\"]}";
        try (ServerHarness h = new ServerHarness(dir, check).start()) {
            String id = h.spawn("Step through the list. MODE:steps=60", Map.of("worktree", true, "verify", "state",
                    "fix_attempts", 1));
            Path wt = awaitSteps(h, id, 2);
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE,
                    "STEER-MSG: wrap up", "test", Instant.now()));
            Map<String, Object> end = h.awaitEnd(id);
            // steered (round 1), its check failed, its one fix (round 2) made it pass
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertEquals(true, end.get("verified"));
            assertTrue(Files.readString(wt.resolve("fix-prompts.txt")).contains("fix attempt 1 of 1"));
            String md = ServerHarness.text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("after 1 fix)"), md);
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded", "agent 2 succeeded"),
                    steps(h, id));
        }
    }

    @Test
    void anInterruptStopsAtOnceAndKeepsTheWork(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=60", Map.of("worktree", true));
            awaitSteps(h, id, 2);
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.INTERRUPT, null,
                    "test", Instant.now()));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("cancelled", end.get("status"), String.valueOf(end));
            String reason = String.valueOf(record(h, id).path("state").path("reason").asText());
            assertTrue(reason.startsWith("interrupted: ") && reason.contains("session can be resumed"), reason);
            String branch = record(h, id).path("workspace").path("branch").asText();
            assertTrue(h.git("show", branch + ":steps.txt").contains("step 1"));
            assertNotNull(end.get("session_id"));
            assertEquals(List.of(), h.survivors());
        }
    }

    @Test
    void anInterruptWithAMessageStopsAtOnceAndGoesOnWithIt(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("Step through the list. MODE:steps=60", Map.of("worktree", true));
            Path wt = awaitSteps(h, id, 2);
            ChannelDir.of(h.jobDir(id)).send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.INTERRUPT,
                    "STEER-MSG: drop that, do this", "test", Instant.now()));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertTrue(Files.readString(wt.resolve("steer-prompts.txt")).contains("STEER-MSG: drop that, do this"));
            assertEquals(List.of("agent 0 steered", "steer 0 steered", "agent 1 succeeded"), steps(h, id));
            assertEquals(List.of(), h.survivors());
        }
    }

    private static Path awaitSteps(ServerHarness h, String id, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(h.jobDir(id).resolve("job.json")) && record(h, id).path("workspace").has("path")) {
                Path steps = h.worktree(id).resolve("steps.txt");
                if (Files.exists(steps) && Files.readAllLines(steps).size() >= n) {
                    return h.worktree(id);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " did not reach " + n + " steps");
    }

    private static JsonNode record(ServerHarness h, String id) throws Exception {
        return JSON.readTree(h.jobDir(id).resolve("job.json").toFile());
    }

    private static List<String> steps(ServerHarness h, String id) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode s : record(h, id).path("state").path("steps")) {
            if (List.of("agent", "steer").contains(s.path("name").asText())) {
                out.add(s.path("name").asText() + " " + s.path("round").asText() + " " + s.path("outcome").asText());
            }
        }
        return out;
    }
}
