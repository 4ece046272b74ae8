package dev.bgagents.config;

import dev.bgagents.config.ConfigLoader.ConfigException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** bg-agents.json "worktree": read whole, or refused in one line that names the key. */
class WorktreeSettingsTest {
    @TempDir
    Path dir;

    private Config read(String worktree) throws Exception {
        Path file = dir.resolve("bg-agents.json");
        Files.writeString(file, "{\"worktree\": " + worktree + "}");
        return ConfigLoader.read(file);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        WorktreeSettings w = read("""
                {"include": [".env", "config/*.local.json"],
                 "dependencies": [{"folder": "web/node_modules", "lockfile": "./web/package-lock.json",
                                   "install": ["npm", "ci", "--prefix", "web"]},
                                  {"folder": "models", "lockfile": "models.sha256", "link": true}],
                 "setup": "make gen", "teardown": ["docker", "compose", "down"], "setup_timeout_minutes": 2.5}
                """).worktree();
        assertEquals(List.of(".env", "config/*.local.json"), w.include());
        assertEquals(List.of(new WorktreeSettings.Dependency("web/node_modules", "web/package-lock.json",
                        List.of("npm", "ci", "--prefix", "web"), false),
                new WorktreeSettings.Dependency("models", "models.sha256", List.of(), true)), w.dependencies());
        assertEquals(List.of("make", "gen"), w.setup());
        assertEquals(List.of("docker", "compose", "down"), w.teardown());
        assertEquals(2.5, w.setupTimeoutMinutes());
    }

    @Test
    void withoutTheKeyNothingIsDone() throws Exception {
        Path file = dir.resolve("bg-agents.json");
        Files.writeString(file, "{}");
        assertEquals(WorktreeSettings.NONE, ConfigLoader.read(file).worktree());
        assertEquals(10, WorktreeSettings.NONE.setupTimeoutMinutes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[\".env\"]|\"worktree\" must be an object of",
            "{\"spares\": \"no\"}|\"spares\" must be true or false",
            "{\"setpu\": \"make\"}|worktree: unknown key \"setpu\" (known: dependencies, include, setup, setup_timeout_minutes, spares, teardown)",
            "{\"include\": \".env\\n*\"}|worktree.include must be a list of gitignore patterns",
            "{\"include\": [\"\"]}|worktree.include must be a list of gitignore patterns",
            "{\"setup\": []}|worktree.setup must name a program",
            "{\"teardown\": {\"a\": 1}}|worktree.teardown must be a command: a string or a list of strings",
            "{\"setup_timeout_minutes\": 0}|\"setup_timeout_minutes\" must be a positive number",
            "{\"dependencies\": {}}|worktree.dependencies must be a list",
            "{\"dependencies\": [{\"folder\": \"../x\", \"lockfile\": \"a\"}]}|worktree.dependencies[0].folder must be a path inside the repository",
            "{\"dependencies\": [{\"folder\": \"/abs\", \"lockfile\": \"a\"}]}|worktree.dependencies[0].folder must be a path inside the repository",
            "{\"dependencies\": [{\"folder\": \"x\"}]}|worktree.dependencies[0].lockfile must be a path inside the repository",
            "{\"dependencies\": [{\"folder\": \".git/x\", \"lockfile\": \"a\"}]}|worktree.dependencies[0].folder must be a path inside",
            "{\"dependencies\": [{\"folder\": \"x\", \"lockfile\": \"a\", \"link\": \"yes\"}]}|worktree.dependencies[0].link must be true or false",
            "{\"dependencies\": [{\"folder\": \"x\", \"lockfile\": \"a\", \"how\": 1}]}|worktree.dependencies[0]: unknown key \"how\"",
    })
    void mistakesAreOneLineNamingTheKey(String worktree, String said) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(worktree));
        assertTrue(e.getMessage().contains(said), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("bg-agents.json").toString()), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
