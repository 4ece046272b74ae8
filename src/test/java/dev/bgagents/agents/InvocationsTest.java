package dev.bgagents.agents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.agents.codex.CodexCli;
import dev.bgagents.agents.gemini.GeminiCli;
import dev.bgagents.agents.ollama.OllamaCli;
import dev.bgagents.agents.opencode.OpencodeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.bgagents.agents.Fixtures.containsInOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command lines of the codex, gemini, opencode and ollama adapters. */
class InvocationsTest {
    private static final Path DIR = Path.of("/work/repo");
    private static final String SESSION = "01a20274-fada-79b0-bd17-6dae4c44f50b";
    private static final String PROMPT = "--fix the bug in \"a.py\"; $(rm -rf /)";

    // ---- codex ----

    @Test
    void codexExecReadsThePromptFromStdin() {
        Invocation inv = invoke(new CodexCli(), "/usr/bin/codex", null, Permissions.WORKSPACE_WRITE, null);
        List<String> argv = inv.argv();

        assertEquals(List.of("/usr/bin/codex", "exec", "--json", "--skip-git-repo-check"), argv.subList(0, 4));
        assertTrue(containsInOrder(argv, "-C", DIR.toString()), argv.toString());
        assertTrue(containsInOrder(argv, "-s", "workspace-write"), argv.toString());
        assertEquals("-", argv.get(argv.size() - 1));
        assertTrue(inv.promptOnStdin());
        assertFalse(argv.contains(PROMPT), argv.toString());
        assertFalse(argv.contains("resume"), argv.toString());
    }

    @Test
    void codexReadOnlyUsesTheReadOnlySandbox() {
        List<String> argv = invoke(new CodexCli(), "codex", null, Permissions.READ_ONLY, null).argv();

        assertTrue(containsInOrder(argv, "-s", "read-only"), argv.toString());
        assertFalse(argv.contains("--dangerously-bypass-approvals-and-sandbox"), argv.toString());
    }

    @Test
    void codexFullBypassesApprovalsAndSandbox() {
        List<String> argv = invoke(new CodexCli(), "codex", null, Permissions.FULL, null).argv();

        assertTrue(argv.contains("--dangerously-bypass-approvals-and-sandbox"), argv.toString());
        assertFalse(argv.contains("-s"), argv.toString());
        assertFalse(argv.contains("--full-auto"), argv.toString());
    }

    @Test
    void codexModelIsPassedWhenGiven() {
        List<String> argv = invoke(new CodexCli(), "codex", "gpt-5.5", Permissions.WORKSPACE_WRITE, null).argv();

        assertTrue(containsInOrder(argv, "-m", "gpt-5.5"), argv.toString());
        assertEquals("-", argv.get(argv.size() - 1));
    }

    @Test
    void codexResumePutsTheIdBeforeTheStdinDashAndTheSandboxAsConfig() {
        Invocation inv = invoke(new CodexCli(), "codex", "gpt-5.5", Permissions.WORKSPACE_WRITE, SESSION);
        List<String> argv = inv.argv();

        assertEquals(List.of("codex", "exec", "resume"), argv.subList(0, 3));
        assertEquals(List.of(SESSION, "-"), argv.subList(argv.size() - 2, argv.size()));
        assertTrue(containsInOrder(argv, "-c", "sandbox_mode=\"workspace-write\""), argv.toString());
        assertFalse(argv.contains("-s"), argv.toString());
        assertFalse(argv.contains("-C"), argv.toString());
        assertTrue(argv.indexOf("-m") < argv.indexOf(SESSION), "options go before the id: " + argv);
        assertTrue(inv.promptOnStdin());
    }

    @Test
    void codexResumeReadOnlyAndFull() {
        List<String> readOnly = invoke(new CodexCli(), "codex", null, Permissions.READ_ONLY, SESSION).argv();
        List<String> full = invoke(new CodexCli(), "codex", null, Permissions.FULL, SESSION).argv();

        assertTrue(containsInOrder(readOnly, "-c", "sandbox_mode=\"read-only\""), readOnly.toString());
        assertTrue(full.contains("--dangerously-bypass-approvals-and-sandbox"), full.toString());
        assertFalse(full.contains("-c"), full.toString());
    }

    @Test
    void codexMarksAnUntrustedWorkdirUntrustedOverTheUsersTrust() {
        List<String> argv = untrusted(new CodexCli(), null).argv();

        // a session override beats the user's [projects."<repo>"] trust, which a linked worktree inherits
        assertTrue(containsInOrder(argv, "-c", "projects={\"/work/repo\"={trust_level=\"untrusted\"}}"),
                argv.toString());
        assertTrue(containsInOrder(argv, "-s", "read-only"), argv.toString());
        assertEquals("-", argv.get(argv.size() - 1));
        assertFalse(invoke(new CodexCli(), "codex", null, Permissions.READ_ONLY, null).argv().contains("-c"),
                "a trusted workdir gets no override");
    }

    @Test
    void codexKeepsAnUntrustedWorkdirUntrustedWhenResumed() {
        List<String> argv = untrusted(new CodexCli(), SESSION).argv();

        assertEquals(List.of("codex", "exec", "resume"), argv.subList(0, 3));
        assertTrue(containsInOrder(argv, "-c", "projects={\"/work/repo\"={trust_level=\"untrusted\"}}"),
                argv.toString());
        assertTrue(argv.indexOf("-c") < argv.indexOf(SESSION), "options go before the id: " + argv);
    }

    @Test
    void codexQuotesTheUntrustedWorkdirAsATomlString() {
        List<String> argv = new CodexCli().invocation(List.of("codex"), new AgentRequest(PROMPT,
                Path.of("/work/a \"b\" c\\d"), null, Permissions.READ_ONLY, null, null, true)).argv();

        assertTrue(containsInOrder(argv, "-c", "projects={\"/work/a \\\"b\\\" c\\\\d\"={trust_level=\"untrusted\"}}"),
                argv.toString());
    }

    // ---- gemini ----

    @Test
    void geminiStreamsJsonSkipsTrustAndReadsThePromptFromStdin() {
        Invocation inv = invoke(new GeminiCli(), "/usr/bin/gemini", null, Permissions.WORKSPACE_WRITE, null);
        List<String> argv = inv.argv();

        assertEquals("/usr/bin/gemini", argv.get(0));
        assertTrue(containsInOrder(argv, "-o", "stream-json"), argv.toString());
        assertTrue(argv.contains("--skip-trust"), argv.toString());
        assertEquals(List.of("-p", ""), argv.subList(argv.size() - 2, argv.size()));
        assertTrue(inv.promptOnStdin());
        assertFalse(argv.contains(PROMPT), argv.toString());
        assertFalse(argv.contains("-m"), argv.toString());
        assertFalse(argv.contains("--resume"), argv.toString());
    }

    @Test
    void geminiApprovalModeFollowsThePermissions() {
        assertTrue(containsInOrder(invoke(new GeminiCli(), "gemini", null, Permissions.READ_ONLY, null).argv(),
                "--approval-mode", "default"));
        assertTrue(containsInOrder(invoke(new GeminiCli(), "gemini", null, Permissions.WORKSPACE_WRITE, null).argv(),
                "--approval-mode", "auto_edit"));
        assertTrue(containsInOrder(invoke(new GeminiCli(), "gemini", null, Permissions.FULL, null).argv(),
                "--approval-mode", "yolo"));
    }

    @Test
    void geminiModelAndResumeArePassedWhenGiven() {
        List<String> argv = invoke(new GeminiCli(), "gemini", "gemini-2.5-pro", Permissions.WORKSPACE_WRITE,
                "2f48f586-4198-44d4-9444-629a86a20d55").argv();

        assertTrue(containsInOrder(argv, "-m", "gemini-2.5-pro"), argv.toString());
        assertTrue(containsInOrder(argv, "--resume", "2f48f586-4198-44d4-9444-629a86a20d55"), argv.toString());
        assertEquals(List.of("-p", ""), argv.subList(argv.size() - 2, argv.size()));
    }

    @Test
    void geminiReadsAnUntrustedWorkdirsSettingsUntrusted() {
        Invocation inv = untrusted(new GeminiCli(), null);

        // "false" from the start: its settings are read before --skip-trust, which is still needed, sets "true"
        assertEquals("false", inv.env().get("GEMINI_CLI_TRUST_WORKSPACE"), inv.env().toString());
        assertTrue(inv.argv().contains("--skip-trust"), inv.argv().toString());
        assertTrue(containsInOrder(inv.argv(), "--approval-mode", "default"), inv.argv().toString());
        assertFalse(invoke(new GeminiCli(), "gemini", null, Permissions.READ_ONLY, null).env()
                .containsKey("GEMINI_CLI_TRUST_WORKSPACE"), "a trusted workdir is left to the user's trust");
    }

    // ---- opencode ----

    @Test
    void opencodeRunsWithJsonOutputLogsAndTheDirectory() {
        Invocation inv = invoke(new OpencodeCli(), "/usr/bin/opencode", null, Permissions.WORKSPACE_WRITE, null);
        List<String> argv = inv.argv();

        assertEquals(List.of("/usr/bin/opencode", "run"), argv.subList(0, 2));
        assertTrue(containsInOrder(argv, "--format", "json"), argv.toString());
        assertTrue(containsInOrder(argv, "--dir", DIR.toString()), argv.toString());
        assertTrue(argv.contains("--print-logs"), argv.toString());
        assertTrue(inv.promptOnStdin());
        assertFalse(argv.contains(PROMPT), argv.toString());
        assertFalse(argv.contains("--auto"), argv.toString());
        assertFalse(argv.contains("--session"), argv.toString());
    }

    @Test
    void opencodeModelAndSessionArePassedWhenGiven() {
        List<String> argv = invoke(new OpencodeCli(), "opencode", "mock/claude", Permissions.WORKSPACE_WRITE,
                "ses_dfd8ae748ffeoK0uk1BheJMJ1l").argv();

        assertTrue(containsInOrder(argv, "-m", "mock/claude"), argv.toString());
        assertTrue(containsInOrder(argv, "--session", "ses_dfd8ae748ffeoK0uk1BheJMJ1l"), argv.toString());
    }

    @Test
    void opencodeReadOnlyDeniesEditAndBash() throws IOException {
        Invocation inv = invoke(new OpencodeCli(), "opencode", null, Permissions.READ_ONLY, null);
        JsonNode permission = Fixtures.JSON.readTree(inv.env().get("OPENCODE_PERMISSION"));

        assertEquals("deny", permission.path("edit").asText(), permission.toString());
        assertEquals("deny", permission.path("bash").asText(), permission.toString());
        assertFalse(inv.argv().contains("--auto"), inv.argv().toString());
    }

    @Test
    void opencodeWorkspaceWriteAllowsEditAndBashWithoutAuto() throws IOException {
        Invocation inv = invoke(new OpencodeCli(), "opencode", null, Permissions.WORKSPACE_WRITE, null);
        JsonNode permission = Fixtures.JSON.readTree(inv.env().get("OPENCODE_PERMISSION"));

        assertEquals("allow", permission.path("edit").asText(), permission.toString());
        assertEquals("allow", permission.path("bash").asText(), permission.toString());
        assertFalse(inv.argv().contains("--auto"), inv.argv().toString());
    }

    @Test
    void opencodeFullAddsAuto() throws IOException {
        Invocation inv = invoke(new OpencodeCli(), "opencode", null, Permissions.FULL, null);
        JsonNode permission = Fixtures.JSON.readTree(inv.env().get("OPENCODE_PERMISSION"));

        assertTrue(inv.argv().contains("--auto"), inv.argv().toString());
        assertEquals("allow", permission.path("edit").asText(), permission.toString());
        assertEquals("allow", permission.path("bash").asText(), permission.toString());
    }

    @Test
    void opencodeRunsAnUntrustedWorkdirFromAnEmptyDirectoryAndReadsItByPath(@TempDir Path tmp) throws IOException {
        Path outside = tmp.resolve("state/empty");
        Invocation inv = new OpencodeCli(outside).invocation(List.of("opencode"),
                new AgentRequest(PROMPT, DIR, null, Permissions.READ_ONLY, null, null, true));
        List<String> argv = inv.argv();
        JsonNode permission = Fixtures.JSON.readTree(inv.env().get("OPENCODE_PERMISSION"));

        // its plugins are imported from --dir whatever the variable says: --dir is not the worktree
        assertTrue(containsInOrder(argv, "--dir", outside.toString()), argv.toString());
        assertFalse(argv.contains(DIR.toString()), argv.toString());
        assertTrue(Files.isDirectory(outside), "made for opencode, which refuses a --dir that is not there");
        assertEquals("1", inv.env().get("OPENCODE_DISABLE_PROJECT_CONFIG"), inv.env().toString());
        assertEquals("allow", permission.path("external_directory").path(DIR + "/*").asText(), permission.toString());
        assertEquals("deny", permission.path("edit").asText(), permission.toString());
        assertEquals("deny", permission.path("bash").asText(), permission.toString());
        assertFalse(argv.contains("--auto"), argv.toString());
    }

    @Test
    void opencodeResumesAnUntrustedSessionFromTheSameDirectory(@TempDir Path tmp) {
        Path outside = tmp.resolve("empty");
        List<String> argv = new OpencodeCli(outside).invocation(List.of("opencode"), new AgentRequest(PROMPT, DIR,
                null, Permissions.READ_ONLY, "ses_dfd8ae748ffeoK0uk1BheJMJ1l", null, true)).argv();

        assertTrue(containsInOrder(argv, "--dir", outside.toString()), argv.toString());
        assertTrue(containsInOrder(argv, "--session", "ses_dfd8ae748ffeoK0uk1BheJMJ1l"), argv.toString());
    }

    @Test
    void opencodeRunsATrustedWorkdirInPlace(@TempDir Path tmp) {
        Path outside = tmp.resolve("empty");
        Invocation inv = new OpencodeCli(outside).invocation(List.of("opencode"),
                new AgentRequest(PROMPT, DIR, null, Permissions.READ_ONLY, null));

        assertTrue(containsInOrder(inv.argv(), "--dir", DIR.toString()), inv.argv().toString());
        assertFalse(inv.env().containsKey("OPENCODE_DISABLE_PROJECT_CONFIG"), inv.env().toString());
        assertFalse(Files.exists(outside), "nothing made for trusted work");
    }

    // ---- ollama ----

    @Test
    void ollamaReadsNothingFromItsWorkdirSoUntrustedChangesNothing() {
        Invocation trusted = invoke(new OllamaCli(), "ollama", null, Permissions.READ_ONLY, null);

        assertEquals(trusted, untrusted(new OllamaCli(), null));
    }

    @Test
    void ollamaRunsTheDefaultModelWithThePromptOnStdin() {
        Invocation inv = invoke(new OllamaCli(), "/usr/bin/ollama", null, Permissions.WORKSPACE_WRITE, null);

        assertEquals(List.of("/usr/bin/ollama", "run", OllamaCli.DEFAULT_MODEL), inv.argv());
        assertTrue(inv.promptOnStdin());
    }

    @Test
    void ollamaRunsTheGivenModel() {
        Invocation inv = invoke(new OllamaCli(), "ollama", "llama3.2", Permissions.READ_ONLY, null);

        assertEquals(List.of("ollama", "run", "llama3.2"), inv.argv());
    }

    @Test
    void ollamaHasNoSessionsAndIgnoresAResumeId() {
        OllamaCli ollama = new OllamaCli();

        assertFalse(ollama.hasSessions());
        assertEquals(List.of("ollama", "run", OllamaCli.DEFAULT_MODEL),
                invoke(ollama, "ollama", null, Permissions.WORKSPACE_WRITE, "earlier").argv());
    }

    @Test
    void theOtherClisKeepSessions() {
        assertTrue(new CodexCli().hasSessions());
        assertTrue(new GeminiCli().hasSessions());
        assertTrue(new OpencodeCli().hasSessions());
    }

    /** A reviewer's request: read-only in a workdir whose configuration must not be loaded. */
    private static Invocation untrusted(AgentCli cli, String resumeId) {
        return cli.invocation(List.of(cli.name()), new AgentRequest(PROMPT, DIR, null, Permissions.READ_ONLY, resumeId,
                null, true));
    }

    private static Invocation invoke(AgentCli cli, String program, String model, Permissions perms, String resumeId) {
        return cli.invocation(List.of(program), new AgentRequest(PROMPT, DIR, model, perms, resumeId));
    }
}
