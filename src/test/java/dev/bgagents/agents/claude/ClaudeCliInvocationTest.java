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
        assertEquals("x", argv.get(argv.size() - 1), "the prompt stays last");
        assertFalse(invoke("x", null, Permissions.WORKSPACE_WRITE, null).argv().contains("--max-turns"));
    }

    @Test
    void shortPromptIsTheLastArgument() {
        Invocation inv = invoke("write hello.txt", "opus", Permissions.WORKSPACE_WRITE, "abc");

        assertEquals("write hello.txt", inv.argv().get(inv.argv().size() - 1));
        assertFalse(inv.promptOnStdin());
    }

    @Test
    void promptOver16KiBGoesOnStdin() {
        String prompt = "a".repeat(ClaudeCli.MAX_ARGV_PROMPT_BYTES + 1);

        Invocation inv = invoke(prompt, null, Permissions.WORKSPACE_WRITE, null);

        assertTrue(inv.promptOnStdin());
        assertFalse(inv.argv().contains(prompt));
    }

    @Test
    void promptSizeIsMeasuredInUtf8Bytes() {
        // 6000 characters, 18000 bytes
        String prompt = "€".repeat(6000);

        Invocation inv = invoke(prompt, null, Permissions.WORKSPACE_WRITE, null);

        assertTrue(inv.promptOnStdin());
        assertFalse(inv.argv().contains(prompt));
    }

    @Test
    void promptStartingWithADashGoesOnStdin() {
        Invocation inv = invoke("--help me refactor", null, Permissions.WORKSPACE_WRITE, null);

        assertTrue(inv.promptOnStdin());
        assertFalse(inv.argv().contains("--help me refactor"));
    }

    @Test
    void promptWithShellMetacharactersIsPassedByteForByte() {
        String prompt = "say \"hi\" and 'bye'; $(rm -rf /) `whoami` $HOME\nsecond line\\n\ttab";

        Invocation inv = invoke(prompt, null, Permissions.WORKSPACE_WRITE, null);

        assertFalse(inv.promptOnStdin());
        assertEquals(prompt, inv.argv().get(inv.argv().size() - 1));
    }

    @Test
    void askReadsStreamJsonFromTheRelayAcceptsEditsAndPutsTheRestToIt() {
        Invocation inv = invoke("write hello.txt", null, Permissions.ASK, null);
        List<String> argv = inv.argv();

        assertTrue(inv.promptOnStdin(), "the relay takes the prompt on its stdin");
        assertFalse(argv.contains("write hello.txt"), argv.toString());
        assertTrue(containsInOrder(argv, "--input-format", "stream-json"), argv.toString());
        assertTrue(containsInOrder(argv, "--permission-mode", "acceptEdits"), argv.toString());
        assertTrue(containsInOrder(argv, "--permission-prompt-tool", "stdio"), argv.toString());
        assertTrue(new ClaudeCli().canAsk());
    }

    @Test
    void otherProfilesRunAsBeforeWithoutTheRelaysChannel() {
        for (Permissions p : List.of(Permissions.READ_ONLY, Permissions.WORKSPACE_WRITE, Permissions.FULL)) {
            List<String> argv = invoke("x", null, p, null).argv();
            assertFalse(argv.contains("--input-format"), argv.toString());
            assertFalse(argv.contains("--permission-prompt-tool"), argv.toString());
        }
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
        assertEquals("review it", argv.get(argv.size() - 1), "the prompt stays last");
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
