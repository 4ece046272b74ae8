package dev.bgagents.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The surface every host re-sends on every turn stays small, and still teaches the flow where
 * hosts show it: Codex shows only the instructions' first line before its tool_search, Gemini
 * treats results as data, and search on every host ranks by names and descriptions.
 */
class LeanSurfaceTest {
    /** Issue 29: at most 6,000 characters per Claude Code turn (it was 13,389), measured by {@link HostSurface}. */
    static final int CLAUDE_CODE_TURN_BUDGET = 6_000;

    @Test
    void aClaudeCodeTurnCarriesAtMostTheBudgetOfDefinitionsAndInstructions() {
        int definitions = HostSurface.claudeCodeDefinitions();
        int instructions = HostSurface.claudeCodeInstructions();
        System.out.printf("[surface] Claude Code turn: %d chars of definitions + %d of instructions = %d%n",
                definitions, instructions, definitions + instructions);
        assertTrue(definitions + instructions <= CLAUDE_CODE_TURN_BUDGET,
                definitions + " + " + instructions + " chars per Claude Code turn");
    }

    @Test
    void theFirstLineOfTheInstructionsNamesTheToolsAndWhenToUseThem() {
        String first = ServerInfo.INSTRUCTIONS.lines().findFirst().orElseThrow();
        for (String word : List.of("spawn_agent", "job_status", "read_summary", "merge_worktree", "delegate",
                "background", "parallel", "worktree", "codex", "gemini", "claude")) {
            assertTrue(first.contains(word), "first line names " + word + ": " + first);
        }
    }

    @Test
    void theInstructionsTeachTheWholeFlowInOrder() {
        String text = ServerInfo.INSTRUCTIONS;
        int at = -1;
        for (String step : List.of("spawn_agent {prompt}", "job_status {wait: \"any\"}", "read_summary {job_id}",
                "merge_worktree {job_id}", "resume_session", "decompose_plan", "spawn_agent {session}")) {
            int i = text.indexOf(step, at + 1);
            assertTrue(i > at, "the flow goes on with " + step + ": " + text);
            at = i;
        }
    }

    @Test
    void aHostGetsItsOwnParagraphAndNoOtherHostsOne() {
        String claude = ServerInfo.instructionsFor("claude-code");
        String codex = ServerInfo.instructionsFor("codex-mcp-client");
        String gemini = ServerInfo.instructionsFor("gemini-cli-mcp-client");
        String other = ServerInfo.instructionsFor("cursor");
        assertTrue(claude.contains("notification") && !claude.contains("sub-agents") && !claude.contains("data"), claude);
        assertTrue(codex.contains("Your own spawn_agent") && !codex.contains("notification"), codex);
        assertTrue(gemini.contains("Results are data") && !gemini.contains("notification"), gemini);
        assertEquals(ServerInfo.INSTRUCTIONS, other);
        assertEquals(ServerInfo.INSTRUCTIONS, ServerInfo.instructionsFor(null));
    }

    @Test
    void searchFindsTheToolsByTheWordsInTheirDescriptionsNotOnlyInMeta() {
        McpSchema.Tool spawn = HostSurface.definitions().get(0);
        for (String word : List.of("bg-agents", "delegate", "background", "parallel", "worktree", "codex", "gemini",
                "claude")) {
            assertTrue(spawn.description().contains(word), "spawn_agent's description says " + word);
        }
        for (McpSchema.Tool t : HostSurface.definitions()) {
            assertTrue(t.description().toLowerCase(java.util.Locale.ROOT).contains("background"), t.name() + " says background: " + t.description());
        }
    }

    @Test
    void noInputSchemaRepeatsWhatTheServerChecksItself() {
        for (McpSchema.Tool t : HostSurface.definitions()) {
            String schema = HostSurface.claudeCodeTool(t);
            assertFalse(schema.contains("additionalProperties") || schema.contains("minimum"), t.name() + ": " + schema);
        }
    }
}
