package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host that quits with jobs still queued and running: they start, end, get their worktrees
 * sealed and their summaries written with no server running, and nothing of them is left after.
 */
class RunnerIT {

    @Test
    void threeDependentJobsLeftByAHostThatQuitAllFinishWithNoServerAndNothingIsLeft(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 1").start()) {
            String a = h.spawn("MODE:sleep=2", Map.of("worktree", true));
            String b = (String) ServerHarness.structured(h.call("spawn_agent", Map.of("prompt", "write b.txt",
                    "depends_on", List.of(a)))).get("job_id");
            String c = (String) ServerHarness.structured(h.call("spawn_agent", Map.of("prompt", "write c.txt",
                    "depends_on", List.of(b)))).get("job_id");
            long server = h.serverPid();

            h.client().closeGracefully(); // the host quits
            Await.until("the server exits", Duration.ofSeconds(20),
                    () -> ProcessHandle.of(server).map(p -> !p.isAlive()).orElse(true));

            for (String id : List.of(a, b, c)) {
                Await.until(id + " ends with no server", Duration.ofSeconds(90), () -> status(h, id).equals("succeeded")
                        && Files.isRegularFile(h.jobDir(id).resolve("summary.md")));
            }
            assertTrue(Files.readString(h.jobDir(c).resolve("summary.md")).contains(c), "its summary");
            assertEquals("", h.git("status", "--porcelain", "--untracked-files=no").strip());
            String cBranch = h.git("log", "--format=%s", "bg/" + c).strip();
            assertTrue(cBranch.contains("work left uncommitted by " + c), "its worktree sealed on its branch: " + cBranch);
            Await.until("the runner exits once nothing is left", Duration.ofSeconds(30), () -> h.survivors().isEmpty());
            String log = Files.readString(dir.resolve(".context/bg-agents.log"));
            assertTrue(log.contains("handed to a runner"), "the server said it handed the jobs over");
            assertTrue(log.contains("no job left; exiting"), "and the runner that it was done");
        }
    }

    @Test
    void aQueuedPlanOfThreeDependentTasksLeftByAHostThatQuitEndsWithItsPlanFilesRight(@TempDir Path dir)
            throws Exception {
        String plan = """
                # Layers

                ## Tasks

                1. **Base**: write base.txt
                2. **Middle**: REQUIRE:base.txt write middle.txt
                   Depends on: 1
                3. **Top**: REQUIRE:middle.txt write top.txt
                   Depends on: 2
                """;
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String session = (String) ServerHarness.structured(h.call("decompose_plan", Map.of("plan", plan)))
                    .get("session");
            var spawned = h.call("spawn_agent", Map.of("session", session));
            assertTrue(ServerHarness.text(spawned).contains("1 started, 2 queued"), ServerHarness.text(spawned));
            long server = h.serverPid();

            h.client().closeGracefully(); // the host quits with two tasks still waiting
            Await.until("the server exits", Duration.ofSeconds(20),
                    () -> ProcessHandle.of(server).map(p -> !p.isAlive()).orElse(true));

            Path sessionDir = dir.resolve(".context/impl").resolve(session);
            try {
                Await.until("the plan ends with no server", Duration.ofSeconds(120),
                        () -> readOrEmpty(sessionDir.resolve("summary.md")).contains("3 succeeded"));
            } catch (AssertionError notEnded) {
                // seen once in a full CI run and never again: say what the plan and the log show
                String log = readOrEmpty(dir.resolve(".context/bg-agents.log"));
                throw new AssertionError(notEnded.getMessage() + "\nstatus.json: "
                        + readOrEmpty(sessionDir.resolve("status.json")) + "\nlog tail:\n"
                        + log.substring(Math.max(0, log.length() - 4000)), notEnded);
            }
            var status = new ObjectMapper().readTree(sessionDir.resolve("status.json").toFile());
            for (var t : status.get("tasks")) {
                assertEquals("succeeded", t.get("status").asText(), t.toString());
                String job = t.get("job_id").asText();
                assertTrue(Files.isRegularFile(h.jobDir(job).resolve("summary.md")), job);
            }
            Await.until("the runner exits once nothing is left", Duration.ofSeconds(30), () -> h.survivors().isEmpty());
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException notYet) {
            return "";
        }
    }

    private static String status(ServerHarness h, String id) {
        try {
            return new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile()).path("state").path("status")
                    .asText();
        } catch (java.io.IOException beingReplaced) {
            return "";
        }
    }
}
