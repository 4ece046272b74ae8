package dev.bgagents.config;

import dev.bgagents.config.ConfigLoader.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class NetworkAllowListTest {
    @TempDir
    Path dir;

    private static final NetworkAllowList LIST = NetworkAllowList.of(List.of("api.anthropic.com", "*.googleapis.com",
            "127.0.0.1:8080", "[::1]:9000", "Example.ORG"));

    @Test
    void aHostAllowsEveryPortAndAHostWithAPortOnlyThatOne() {
        assertTrue(LIST.allows("api.anthropic.com", 443));
        assertTrue(LIST.allows("api.anthropic.com", 80));
        assertTrue(LIST.allows("API.Anthropic.com.", 443), "names compare without case or the root's dot");
        assertTrue(LIST.allows("127.0.0.1", 8080));
        assertFalse(LIST.allows("127.0.0.1", 8081));
        assertTrue(LIST.allows("::1", 9000));
        assertTrue(LIST.allows("[::1]", 9000));
        assertTrue(LIST.allows("example.org", 443));
        assertFalse(LIST.allows("localhost", 8080), "names are compared as written, not resolved");
        assertFalse(LIST.allows("anthropic.com", 443));
        assertFalse(LIST.allows("api.anthropic.com.evil.com", 443));
        assertFalse(LIST.allows("evilapi.anthropic.com", 443));
    }

    @Test
    void aWildcardAllowsTheNamesUnderADomainButNotTheDomain() {
        assertTrue(LIST.allows("generativelanguage.googleapis.com", 443));
        assertTrue(LIST.allows("a.b.googleapis.com", 443));
        assertFalse(LIST.allows("googleapis.com", 443));
        assertFalse(LIST.allows("evilgoogleapis.com", 443));
    }

    @Test
    void anEmptyListAllowsNothing() {
        assertFalse(NetworkAllowList.of(List.of()).allows("api.anthropic.com", 443));
        assertEquals("nothing", NetworkAllowList.of(List.of()).toString());
    }

    @Test
    void theConfigReadsAProvidersListAndTheOthersStayOpen() throws Exception {
        Config c = ConfigLoader.read(Files.writeString(dir.resolve("bg-agents.json"), """
                {"providers": {"claude": {"network": ["api.anthropic.com", "*.googleapis.com", "127.0.0.1:8080"]},
                               "codex": {}}}"""));
        assertEquals(List.of("api.anthropic.com", "*.googleapis.com", "127.0.0.1:8080"),
                c.provider("claude").network().entries());
        assertNull(c.provider("codex").network());
        assertEquals(Map.of("claude", c.provider("claude").network()), c.networkAllowLists());
    }

    @Test
    void whatIsNotAHostIsAOneLineErrorNamingTheProvider() throws Exception {
        for (String bad : List.of("\"https://api.anthropic.com\"", "\"api.anthropic.com/v1\"", "\"*.com\"",
                "\"*\"", "\"host:0\"", "\"host:70000\"", "\"\"", "\"a b\"", "\"api.*.com\"", "\"host,other\"")) {
            Path f = Files.writeString(dir.resolve("bg-agents.json"),
                    "{\"providers\": {\"claude\": {\"network\": [" + bad + "]}}}");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.read(f), bad);
            assertTrue(e.getMessage().contains("providers.claude.network"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        Path f = Files.writeString(dir.resolve("bg-agents.json"),
                "{\"providers\": {\"claude\": {\"network\": \"api.anthropic.com\"}}}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.read(f));
        assertTrue(e.getMessage().contains("providers.claude.network must be a list"), e.getMessage());
    }
}
