package dev.bgagents.config;

import dev.bgagents.config.ConfigLoader.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void projectWithoutConfigFileGetsTheDefaults() throws ConfigException {
        // BG_AGENTS_CONFIG or a ~/.config file on this machine would be read instead
        assumeTrue(ConfigLoader.locate(dir) == null, "a config file outside the project exists here");
        assertEquals(Config.DEFAULTS, ConfigLoader.load(dir));
    }

    @Test
    void projectConfigFileIsFoundAndRead() throws Exception {
        assumeTrue(System.getenv("BG_AGENTS_CONFIG") == null, "BG_AGENTS_CONFIG is set");
        Path file = write("{\"max_concurrent\": 2}");

        assertEquals(file, ConfigLoader.locate(dir));
        assertEquals(2, ConfigLoader.load(dir).maxConcurrent());
    }

    @Test
    void fullValidFileIsParsed() throws Exception {
        Path file = write("""
                {
                  "max_concurrent": 3,
                  "timeout_minutes": 45.5,
                  "stall_minutes": 5,
                  "kill_grace_seconds": 2,
                  "default_provider": "myagent",
                  "providers": {
                    "claude": {"command": ["/opt/claude/bin/claude", "--debug"], "model": "opus"},
                    "myagent": {
                      "command": ["myagent"],
                      "args": ["run", "--model", "{model}", "{prompt}"],
                      "output": "jsonl",
                      "env": {"MYAGENT_HOME": "/srv/myagent"},
                      "model": "small"
                    }
                  }
                }
                """);

        Config c = ConfigLoader.read(file);

        assertEquals(3, c.maxConcurrent());
        assertEquals(45.5, c.timeoutMinutes());
        assertEquals(5, c.stallMinutes());
        assertEquals(2, c.killGraceSeconds());
        assertEquals("myagent", c.defaultProvider());
        assertEquals(new ProviderConfig(List.of("/opt/claude/bin/claude", "--debug"), null, null, null, "opus"),
                c.provider("claude"));
        assertEquals(new ProviderConfig(List.of("myagent"), List.of("run", "--model", "{model}", "{prompt}"),
                "jsonl", Map.of("MYAGENT_HOME", "/srv/myagent"), "small"), c.provider("myagent"));
    }

    @Test
    void omittedSettingsKeepTheirDefaults() throws Exception {
        Config c = ConfigLoader.read(write("{\"stall_minutes\": 3}"));

        assertEquals(3, c.stallMinutes());
        assertEquals(Config.DEFAULTS.maxConcurrent(), c.maxConcurrent());
        assertEquals(Config.DEFAULTS.timeoutMinutes(), c.timeoutMinutes());
        assertEquals(Config.DEFAULTS.defaultProvider(), c.defaultProvider());
        assertTrue(c.providers().isEmpty());
    }

    @Test
    void commandMayBeASingleString() throws Exception {
        Config c = ConfigLoader.read(write("{\"providers\": {\"ollama\": {\"command\": \"ollama\"}}}"));

        assertEquals(List.of("ollama"), c.provider("ollama").command());
    }

    @Test
    void invalidJsonIsAnErrorNamingTheFile() throws IOException {
        Path file = write("{\"max_concurrent\": 3,, }");

        assertOneLineError(file, "JSON");
    }

    @Test
    void unknownTopLevelKeyIsAnErrorNamingTheKey() throws IOException {
        assertOneLineError(write("{\"max_concurent\": 3}"), "max_concurent");
    }

    @Test
    void unknownProviderKeyIsAnErrorNamingProviderAndKey() throws IOException {
        String message = assertOneLineError(
                write("{\"providers\": {\"myagent\": {\"command\": \"x\", \"argz\": []}}}"), "argz");
        assertTrue(message.contains("providers.myagent"), message);
    }

    @Test
    void negativeTimeoutIsAnErrorNamingTheKey() throws IOException {
        assertOneLineError(write("{\"timeout_minutes\": -5}"), "timeout_minutes");
    }

    @Test
    void outputOtherThanTextOrJsonlIsAnErrorNamingTheKey() throws IOException {
        assertOneLineError(write("{\"providers\": {\"myagent\": {\"command\": \"x\", \"output\": \"xml\"}}}"),
                "providers.myagent.output");
    }

    @Test
    void emptyCommandListIsAnErrorNamingTheKey() throws IOException {
        assertOneLineError(write("{\"providers\": {\"myagent\": {\"command\": []}}}"), "providers.myagent.command");
    }

    @Test
    void blankCommandStringIsAnErrorNamingTheKey() throws IOException {
        assertOneLineError(write("{\"providers\": {\"myagent\": {\"command\": \"\"}}}"), "providers.myagent.command");
    }

    @Test
    void fallbackIsAListOfProviderNamesAndNoneByDefault() throws Exception {
        assertEquals(List.of("codex", "gemini"), ConfigLoader.read(write("{\"fallback\": [\"codex\", \"gemini\"]}"))
                .fallback());
        assertEquals(List.of(), ConfigLoader.read(write("{}")).fallback());
        assertOneLineError(write("{\"fallback\": {\"codex\": 1}}"), "fallback");
        assertOneLineError(write("{\"fallback\": [\"Codex!\"]}"), "fallback");
    }

    @Test
    void badProviderNameIsAnErrorNamingIt() throws IOException {
        assertOneLineError(write("{\"providers\": {\"My-Agent\": {\"command\": \"x\"}}}"), "providers.My-Agent");
    }

    @Test
    void allowedRootsAreExistingAbsoluteDirectories() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        assertEquals(List.of(shared), ConfigLoader.read(write("{\"allowed_roots\": [\"" + shared + "\"]}")).allowedRoots());
        assertOneLineError(write("{\"allowed_roots\": [\"relative/dir\"]}"), "allowed_roots[0]");
        assertOneLineError(write("{\"allowed_roots\": [\"" + shared + "\", \"/no/such/root\"]}"), "allowed_roots[1]");
        assertOneLineError(write("{\"allowed_roots\": 5}"), "allowed_roots");
        assertEquals(List.of(), Config.DEFAULTS.allowedRoots());
    }

    @Test
    void checksAreArgumentVectorsAndAStringIsSplitAtSpacesWithoutAShell() throws Exception {
        Config c = ConfigLoader.read(write("{\"verify\": {\"unit\": \"npm test -- --run\", "
                + "\"lint\": [\"ruff\", \"check\", \"src dir\"]}, \"verify_timeout_minutes\": 3}"));
        assertEquals(List.of("npm", "test", "--", "--run"), c.verify().get("unit"));
        assertEquals(List.of("ruff", "check", "src dir"), c.verify().get("lint"));
        assertEquals(3, c.verifyTimeoutMinutes());
        assertEquals(10, Config.DEFAULTS.verifyTimeoutMinutes());
        assertOneLineError(write("{\"verify\": [\"npm test\"]}"), "\"verify\"");
        assertOneLineError(write("{\"verify\": {\"Unit Tests\": \"npm test\"}}"), "verify.Unit Tests");
        assertOneLineError(write("{\"verify\": {\"none\": \"npm test\"}}"), "verify.none");
        assertOneLineError(write("{\"verify\": {\"unit\": 5}}"), "verify.unit");
        assertOneLineError(write("{\"verify\": {\"unit\": \"\"}}"), "verify.unit");
    }

    @Test
    void aBudgetGivesEachJobDefaultLimitsAndItsKeysAreChecked() throws Exception {
        assertEquals(new BudgetDefaults(0.5, 200000L, 40), ConfigLoader.read(write(
                "{\"budget\": {\"max_cost_usd\": 0.5, \"max_tokens\": 200000, \"max_turns\": 40}}")).budget());
        assertEquals(new BudgetDefaults(null, 9L, null),
                ConfigLoader.read(write("{\"budget\": {\"max_tokens\": 9}}")).budget());
        assertEquals(BudgetDefaults.NONE, Config.DEFAULTS.budget());
        assertOneLineError(write("{\"budget\": {\"max_dollars\": 1}}"), "max_dollars");
        assertOneLineError(write("{\"budget\": {\"max_turns\": 2.5}}"), "budget.max_turns");
        assertOneLineError(write("{\"budget\": {\"max_tokens\": -1}}"), "budget.max_tokens");
        assertOneLineError(write("{\"budget\": 5}"), "budget");
    }

    @Test
    void pullRequestsGoToTheRemoteAndRepositoryNamedAndTheirKeysAreChecked() throws Exception {
        assertEquals(new PullRequestSettings("upstream", "develop", false, "own/rep"), ConfigLoader.read(write(
                "{\"pr\": {\"remote\": \"upstream\", \"base\": \"develop\", \"draft\": false, \"repo\": \"own/rep\"}}"))
                .pullRequests());
        assertEquals(new PullRequestSettings("origin", null, true, null), Config.DEFAULTS.pullRequests());
        assertOneLineError(write("{\"pr\": {\"remotes\": \"x\"}}"), "remotes");
        assertOneLineError(write("{\"pr\": {\"remote\": \"--upload-pack=evil\"}}"), "pr.remote");
        assertOneLineError(write("{\"pr\": {\"base\": \"a..b\"}}"), "pr.base");
        assertOneLineError(write("{\"pr\": {\"repo\": \"just-a-name\"}}"), "pr.repo");
        assertOneLineError(write("{\"pr\": {\"draft\": \"yes\"}}"), "draft");
        assertOneLineError(write("{\"pr\": true}"), "\"pr\"");
    }

    @Test
    void theSandboxIsAutoUnlessTurnedOffAndAnythingElseIsRefused() throws Exception {
        assertFalse(ConfigLoader.read(write("{}")).sandboxOff());
        assertFalse(ConfigLoader.read(write("{\"sandbox\": \"auto\"}")).sandboxOff());
        assertTrue(ConfigLoader.read(write("{\"sandbox\": \"off\"}")).sandboxOff());
        assertOneLineError(write("{\"sandbox\": false}"), "sandbox");
    }

    private Path write(String json) throws IOException {
        return Files.writeString(dir.resolve("bg-agents.json"), json);
    }

    /** Asserts reading fails with a one-line message naming the file and {@code key}; returns it. */
    private static String assertOneLineError(Path file, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.read(file));
        String message = e.getMessage();
        assertTrue(message.contains(file.toString()), message);
        assertTrue(message.contains(key), message);
        assertFalse(message.contains("\n"), message);
        return message;
    }
}
