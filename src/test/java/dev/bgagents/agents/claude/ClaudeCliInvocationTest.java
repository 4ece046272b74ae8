package dev.bgagents.agents.claude;

import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.bgagents.agents.Fixtures.containsInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaudeCliInvocationTest {
    private static final List<String> CLAUDE = List.of("/usr/bin/claude");

    @Test
    void runsHeadlessWithStreamJsonAndVerbose() {
        List<String> argv = invoke("fix the bug", null, Permissions.WORKSPACE_WRITE, null).argv();

        assertEquals("/usr/bin/claude", argv.get(0));
        assertTrue(argv.contains("-p"), argv.toString());
        assertTrue(containsInOrder(argv, "--output-format", "stream-json"), argv.toString());
        assertTrue(argv.contains("--verbose"), argv.toString());
    }

    @Test
    void readOnlyMapsToPlanMode() {
        List<String> argv = invoke("x", null, Permissions.READ_ONLY, null).argv();

        assertTrue(containsInOrder(argv, "--permission-mode", "plan"), argv.toString());
        assertFalse(argv.contains("--dangerously-skip-permissions"), argv.toString());
    }

    @Test
    void workspaceWriteMapsToAcceptEdits() {
        List<String> argv = invoke("x", null, Permissions.WORKSPACE_WRITE, null).argv();

        assertTrue(containsInOrder(argv, "--permission-mode", "acceptEdits"), argv.toString());
        assertFalse(argv.contains("--dangerously-skip-permissions"), argv.toString());
    }

    @Test
    void fullMapsToSkipPermissions() {
        List<String> argv = invoke("x", null, Permissions.FULL, null).argv();

        assertTrue(argv.contains("--dangerously-skip-permissions"), argv.toString());
        assertFalse(argv.contains("--permission-mode"), argv.toString());
    }

    @Test
    void modelAndResumeArePassedWhenGiven() {
        List<String> argv = invoke("go on", "opus", Permissions.WORKSPACE_WRITE,
                "2117fe14-353a-460e-8b4c-eab7a09dd684").argv();

        assertTrue(containsInOrder(argv, "--model", "opus"), argv.toString());
        assertTrue(containsInOrder(argv, "--resume", "2117fe14-353a-460e-8b4c-eab7a09dd684"), argv.toString());
    }

    @Test
    void modelAndResumeAreAbsentWhenNotGiven() {
        List<String> argv = invoke("x", null, Permissions.WORKSPACE_WRITE, null).argv();

        assertFalse(argv.contains("--model"), argv.toString());
        assertFalse(argv.contains("--resume"), argv.toString());
    }

    @Test
    void maxTurnsIsPassedWhenGivenAndOnlyThen() {
        List<String> argv = new ClaudeCli().invocation(CLAUDE, new AgentRequest("x", Path.of("/tmp"), null,
                Permissions.WORKSPACE_WRITE, null, 7)).argv();

        assertTrue(containsInOrder(argv, "--max-turns", "7"), argv.toString());
        assertFalse(invoke("x", null, Permissions.WORKSPACE_WRITE, null).argv().contains("--max-turns"));
    }

    @Test
    void thePromptGoesToTheRelayOnStdinWhateverItIs() {
        String prompt = "--help me; $(rm -rf /) `whoami`\n" + "€".repeat(6000);

        Invocation inv = invoke(prompt, null, Permissions.WORKSPACE_WRITE, null);

        assertTrue(inv.promptOnStdin());
        assertFalse(inv.argv().contains(prompt));
        assertTrue(containsInOrder(inv.argv(), "--input-format", "stream-json"), inv.argv().toString());
        assertTrue(new ClaudeCli().relayed());
    }

    @Test
    void askAcceptsEditsAndPutsTheRestToTheRelay() {
        List<String> argv = invoke("x", null, Permissions.ASK, null).argv();

        assertTrue(containsInOrder(argv, "--permission-mode", "acceptEdits"), argv.toString());
        assertTrue(containsInOrder(argv, "--permission-prompt-tool", "stdio"), argv.toString());
        assertFalse(invoke("x", null, Permissions.WORKSPACE_WRITE, null).argv().contains("--permission-prompt-tool"));
        assertTrue(new ClaudeCli().canAsk());
    }

    @Test
    void hostClaudeCodeVariablesAreUnset() {
        Invocation inv = invoke("x", null, Permissions.WORKSPACE_WRITE, null);

        assertTrue(inv.unsetEnv().contains("CLAUDECODE"), inv.unsetEnv().toString());
    }

    @Test
    void anUntrustedWorkdirLoadsOnlyTheUsersSettingsAndNoMcpServer() {
        Invocation inv = new ClaudeCli().invocation(CLAUDE, new AgentRequest("review it", Path.of("/tmp"), null,
                Permissions.READ_ONLY, null, null, true));
        List<String> argv = inv.argv();

        // not "project" nor "local": the worktree's .claude/settings*.json hooks, .mcp.json, skills and agents
        assertTrue(containsInOrder(argv, "--setting-sources", "user"), argv.toString());
        assertTrue(argv.contains("--strict-mcp-config"), argv.toString());
        assertFalse(argv.contains("--mcp-config"), argv.toString());
        assertTrue(containsInOrder(argv, "--permission-mode", "plan"), argv.toString());
    }

    @Test
    void anUntrustedWorkdirIsKeptWhenResumed() {
        List<String> argv = new ClaudeCli().invocation(CLAUDE, new AgentRequest("and now?", Path.of("/tmp"), null,
                Permissions.READ_ONLY, "2117fe14-353a-460e-8b4c-eab7a09dd684", null, true)).argv();

        assertTrue(containsInOrder(argv, "--setting-sources", "user"), argv.toString());
        assertTrue(argv.contains("--strict-mcp-config"), argv.toString());
        assertTrue(containsInOrder(argv, "--resume", "2117fe14-353a-460e-8b4c-eab7a09dd684"), argv.toString());
    }

    @Test
    void aTrustedWorkdirLoadsItsSettingsAsBefore() {
        List<String> argv = invoke("x", null, Permissions.READ_ONLY, null).argv();

        assertFalse(argv.contains("--setting-sources"), argv.toString());
        assertFalse(argv.contains("--strict-mcp-config"), argv.toString());
    }

    private static Invocation invoke(String prompt, String model, Permissions perms, String resumeId) {
        return new ClaudeCli().invocation(CLAUDE, new AgentRequest(prompt, Path.of("/tmp"), model, perms, resumeId));
    }
}
