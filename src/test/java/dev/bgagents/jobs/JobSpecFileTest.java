package dev.bgagents.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.project.StateFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A spec is grouped in memory (run, limits, check, relations) and flat on disk, as every earlier
 * version wrote job.json: a record written before the grouping reads back whole, and is written
 * again exactly as it was.
 */
class JobSpecFileTest {
    /** A spec as 518dc6e wrote it, for a best-of-N attempt with a check, a fallback and a budget. */
    private static final String EARLIER = """
            {"id":"claude-cfbee0","provider":"claude","title":"write x.txt","workdir":"/repo/.context/worktrees/claude-cfbee0",\
            "model":"sonnet","permissions":"workspace-write","argv":["claude","-p","write x.txt"],"prompt_on_stdin":false,\
            "env":{"A":"1"},"unset_env":["CLAUDECODE"],"timeout_minutes":30.0,"stall_minutes":10.0,\
            "created_at":"2026-12-05T12:21:21.283635334Z","resume_of":"claude-aaaaaa","depends_on":["claude-bbbbbb"],\
            "plan":"20261205-120000_x","plan_task":"02","verify":{"command":["make","test"],"label":"auto",\
            "fix_attempts":1,"timeout_minutes":10.0},"group":"best-c931ae","review_of":"codex-cccccc",\
            "fallback":["codex"],"fallback_of":"gemini-dddddd","budget":{"max_tokens":2500}}""";

    @Test
    void aRecordWrittenBeforeTheGroupingReadsBackWhole() throws Exception {
        JobSpec s = StateFiles.json().readValue(EARLIER, JobSpec.class);
        assertEquals("claude-cfbee0", s.id());
        assertEquals("/repo/.context/worktrees/claude-cfbee0", s.workdir());
        assertEquals(new JobSpec.Run("sonnet", "workspace-write", List.of("claude", "-p", "write x.txt"), false,
                Map.of("A", "1"), List.of("CLAUDECODE"), false), s.run());
        assertEquals(30.0, s.limits().timeoutMinutes());
        assertEquals(2500L, s.limits().budget().maxTokens());
        assertEquals(new JobSpec.Relations("claude-aaaaaa", List.of("claude-bbbbbb"), "20261205-120000_x", "02",
                "best-c931ae", "codex-cccccc", null, List.of("codex"), "gemini-dddddd"), s.relations());
        assertEquals(List.of("make", "test"), s.verify().command());
    }

    @Test
    void itIsWrittenAgainFieldForFieldAsItWas() throws Exception {
        JsonNode before = StateFiles.json().readTree(EARLIER);
        JsonNode after = StateFiles.json().readTree(StateFiles.json().writeValueAsString(
                StateFiles.json().readValue(EARLIER, JobSpec.class)));
        assertEquals(before, after);
    }

    @Test
    void aRecordWithNothingButItsIdentityReadsWithTheDefaults() throws Exception {
        JobSpec s = StateFiles.json().readValue("""
                {"id":"claude-000001","provider":"claude","argv":["claude"],"created_at":"2026-12-01T10:00:00Z"}""",
                JobSpec.class);
        assertEquals(List.of(), s.relations().dependsOn());
        assertEquals(dev.bgagents.agents.Budget.NONE, s.limits().budget());
        assertFalse(s.run().untrustedWorkdir());
        assertNull(s.verify());
    }
}
