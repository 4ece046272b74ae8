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

    private static String status(ServerHarness h, String id) {
        try {
            return new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile()).path("state").path("status")
                    .asText();
        } catch (java.io.IOException beingReplaced) {
            return "";
        }
    }
}
