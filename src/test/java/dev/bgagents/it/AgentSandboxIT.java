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

/**
 * Issue 28: the agent process itself confined by the operating system. A custom provider scripted as
 * an attacker ({@code standins/escape-attacker.sh}) commits its own work, then tries twelve ways to
 * write outside its worktree — the person's home and checkout, the main repository's hooks, config
 * and other branches, another repository, the shared {@code /tmp}, links out, {@code /proc/self/root},
 * beside its worktree. Judged from outside: under {@code workspace-write} and {@code read-only} none
 * lands, while the work in its own worktree is committed and merges as before.
 */
class AgentSandboxIT {

    private record Ran(ServerHarness server, EscapeTargets targets, String job) implements AutoCloseable {
        @Override
        public void close() throws java.io.IOException {
            try (server) {
                targets.close();
            }
        }
    }

    private static Ran attack(Path dir, String permissions) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        EscapeTargets targets = new EscapeTargets(dir, project);
        ServerHarness h = new ServerHarness(project, "", List.of("bash", ServerHarness.STANDIN.toString()),
                Map.of("HOME", targets.home.toString())).withProviders(Map.of("attacker", targets.provider())).start();
        targets.record(h.worktreesHome());
        String id = h.spawn("attack", Map.of("provider", "attacker", "worktree", true, "permissions", permissions));
        assertEquals("succeeded", h.awaitEnd(id).get("status"), text(h.call("read_summary", Map.of("job_id", id))));
        return new Ran(h, targets, id);
    }

    @Test
    void underWorkspaceWriteNothingOutsideTheWorktreeIsWrittenAndTheAgentsCommitMerges(@TempDir Path dir)
            throws Exception {
        try (Ran r = attack(dir, "workspace-write")) {
            ServerHarness h = r.server();
            assertEquals(List.of(), r.targets().succeeded(), "writes outside the worktree that landed");
            // its link out (sym-out) stays in the worktree, uncommitted, and the server commits it after
            assertTrue(h.git("log", "--format=%s", "main..bg/" + r.job()).lines().toList().contains("agent work"),
                    "the agent's own commit is on its branch: " + h.git("log", "--format=%s", "bg/" + r.job()));
            var merged = h.call("merge_worktree", Map.of("job_id", r.job()));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertEquals("work\n", Files.readString(h.project.resolve("agent-work.txt")));
        }
    }

    @Test
    void underReadOnlyNothingOutsideIsWrittenNorInTheWorktree(@TempDir Path dir) throws Exception {
        try (Ran r = attack(dir, "read-only")) {
            ServerHarness h = r.server();
            assertEquals(List.of(), r.targets().succeeded(), "writes outside the worktree that landed");
            assertFalse(Files.exists(h.worktree(r.job()).resolve("agent-work.txt")), "a read-only job wrote its worktree");
            assertEquals(h.git("rev-parse", "main").strip(), h.git("rev-parse", "bg/" + r.job()).strip(),
                    "a read-only job committed");
        }
    }

    @Test
    void underFullEveryWriteLandsAsBeforeAndTheSummarySaysWhatChangedInTheCheckout(@TempDir Path dir) throws Exception {
        try (Ran r = attack(dir, "full")) {
            ServerHarness h = r.server();
            assertEquals(15, r.targets().succeeded().size(), "a full job runs as the person: " + r.targets().succeeded());
            String summary = text(h.call("read_summary", Map.of("job_id", r.job())));
            assertTrue(summary.contains("Outside its branch (it ran unconfined): changed in your checkout while it ran: "),
                    summary);
            assertTrue(summary.contains(".git/config") && summary.contains(".git/hooks/pre-commit")
                    && summary.contains("README.md"), summary);
        }
    }

    @Test
    void aSandboxedAgentOutlivesNothingOfItsOwnProcessesLeftTheSessionAreStoppedAtItsEndAndByCancel(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String ended = h.spawn("MODE:escape", Map.of());
            assertEquals("succeeded", h.awaitEnd(ended).get("status"));
            assertEquals(List.of(), h.survivors(), "what left the job's session in the sandbox");
            Path pids = dir.resolve("escaped.pids"); // their pids in the sandbox's namespace: counted, not looked up
            Files.deleteIfExists(pids);
            String hanging = h.spawn("MODE:escape-hang", Map.of());
            dev.bgagents.Await.until("three sleepers", java.time.Duration.ofSeconds(20), () -> {
                try {
                    return Files.exists(pids) && Files.readAllLines(pids).size() >= 3;
                } catch (java.io.IOException notYet) {
                    return false;
                }
            });
            var r = h.call("cancel_job", Map.of("job_id", hanging));
            assertEquals("cancelled", structured(r).get("status"), text(r));
            assertEquals(List.of(), h.survivors(), "cancel_job left some of it: " + text(r));
        }
    }
}
