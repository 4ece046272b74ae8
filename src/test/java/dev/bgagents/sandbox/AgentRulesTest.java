package dev.bgagents.sandbox;

import dev.bgagents.agents.Permissions;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AgentRulesTest {
    @TempDir
    Path dir;
    Path project;
    Path home;
    Path job;

    @BeforeEach
    void setUp() throws Exception {
        project = Files.createDirectories(dir.resolve("project"));
        Git.init().setDirectory(project.toFile()).call().close();
        Files.createDirectories(project.resolve(".context/jobs/custom-1"));
        home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".bashrc"), "mine\n");
        Files.writeString(home.resolve(".claude.json"), "{}\n");
        job = project.resolve(".context/jobs/custom-1");
    }

    private Sandbox.Rules rules(Permissions p, String provider, Map<String, String> env) throws Exception {
        return AgentRules.of(p, project, null, project.resolve(".context"), job.resolve("agent-tmp"),
                job.resolve("agent-home"), job.resolve("agent-refs"), provider, env, List.of());
    }

    @Test
    void aReadOnlyAgentWritesNothingButItsTmpAndItsCliState() throws Exception {
        Sandbox.Rules r = rules(Permissions.READ_ONLY, "codex", Map.of("HOME", home.toString()));
        assertEquals(List.of(home.resolve(".codex")), r.writable(), "codex's state, measured: $CODEX_HOME or ~/.codex");
        assertEquals(job.resolve("agent-tmp"), r.privateTmp());
        assertTrue(r.detached(), "an agent outlives what starts it");
        assertTrue(r.sealed().contains(project.resolve(".context")), "the server's records are never the agent's");
    }

    @Test
    void aWorkspaceWriteAgentInTheCheckoutWritesItButNotItsHooksConfigOrTheServersState() throws Exception {
        Sandbox.Rules r = rules(Permissions.WORKSPACE_WRITE, "custom", Map.of("HOME", home.toString()));
        assertEquals(List.of(project), r.writable(), "a custom provider gets no state of a CLI's");
        assertTrue(r.sealed().containsAll(List.of(project.resolve(".git/hooks"), project.resolve(".git/config"),
                project.resolve(".context"))), r.sealed().toString());
    }

    @Test
    void theAgentsHomeIsItsOwnWithThePersonsEntriesReadOnlyAndCopiesOfWhatItsCliReplacesThere() throws Exception {
        Sandbox.Rules r = rules(Permissions.WORKSPACE_WRITE, "claude", Map.of("HOME", home.toString()));
        assertEquals(Map.of(home, job.resolve("agent-home")), r.shown());
        assertTrue(r.readable().contains(home.resolve(".bashrc")), "the person's dotfiles are seen, read-only");
        assertFalse(r.readable().contains(home.resolve(".claude.json")), "claude replaces it by a rename: a copy");
        assertEquals("{}\n", Files.readString(job.resolve("agent-home/.claude.json")));
        assertTrue(r.writable().contains(home.resolve(".claude")), r.writable().toString());
    }

    @Test
    void withItsConfigDirNamedClaudeKeepsEverythingThereAndNeedsNoCopy() throws Exception {
        Path config = dir.resolve("claude-config");
        Sandbox.Rules r = rules(Permissions.READ_ONLY, "claude", Map.of("HOME", home.toString(),
                "CLAUDE_CONFIG_DIR", config.toString()));
        assertEquals(List.of(config), r.writable());
        assertTrue(Files.isDirectory(config), "made, so it can be bound");
        assertTrue(r.readable().contains(home.resolve(".claude.json")));
    }

    @Test
    void aFileItsEnvironmentNamesInsideWhatItMayWriteStaysWritable() throws Exception {
        Path spans = Files.writeString(project.resolve("spans.txt"), "");
        Sandbox.Rules r = rules(Permissions.WORKSPACE_WRITE, "custom", Map.of("HOME", home.toString(),
                "SPANS", spans.toString()));
        assertFalse(r.readable().contains(spans), "bound read-only over the checkout it may write");
    }
}
