package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.project.JobDir;
import dev.bgagents.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AgentConfinementTest {
    private static final List<String> ARGV = List.of("claude", "-p");
    private static final AgentConfinement NO_BWRAP = new AgentConfinement(
            Sandbox.none("bubblewrap is not installed (apt install bubblewrap)"), false);

    private static Job job(Path dir, String permissions) {
        return new Job(JobFixtures.spec("claude-0000a1").workdir(dir.toString()).permissions(permissions).build(),
                JobState.queued(), null, null);
    }

    @Test
    void withoutASandboxAConfinedJobRefusesToStartInOneLineSayingWhyAndWhatToDo(@TempDir Path dir) {
        JobDir files = new JobDir(dir.resolve(".context/jobs/claude-0000a1"));
        IOException e = assertThrows(IOException.class,
                () -> NO_BWRAP.argv(job(dir, "workspace-write"), files, ARGV, Map.of(), List.of()));
        assertEquals("no sandbox can confine a workspace-write agent here (bubblewrap is not installed (apt install "
                + "bubblewrap)); run it with permissions full, or set \"sandbox\": \"off\" in bg-agents.json to run such "
                + "agents unconfined", e.getMessage());
        assertThrows(IOException.class, () -> NO_BWRAP.argv(job(dir, "read-only"), files, ARGV, Map.of(), List.of()));
    }

    @Test
    void aFullJobAndAnyJobWithTheSandboxTurnedOffRunAsTheyAre(@TempDir Path dir) throws Exception {
        JobDir files = new JobDir(dir.resolve(".context/jobs/claude-0000a1"));
        assertEquals(ARGV, NO_BWRAP.argv(job(dir, "full"), files, ARGV, Map.of(), List.of()));
        AgentConfinement off = new AgentConfinement(Sandbox.none("bubblewrap is not installed"), true);
        assertEquals(ARGV, off.argv(job(dir, "workspace-write"), files, ARGV, Map.of(), List.of()));
        assertFalse(off.confines(job(dir, "read-only")));
        assertTrue(NO_BWRAP.confines(job(dir, "read-only")));
    }
}
