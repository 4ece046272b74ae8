package dev.bgagents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every install route names the same release and starts the JVM the same way: the launcher's
 * jvm.options is what the jar carries, what the jbang alias and the Homebrew script pass; the npm
 * package, the plugin, server.json and the pinned checksum agree on the version and the name.
 */
class PackagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String path) throws IOException {
        return JSON.readTree(Path.of(path).toFile());
    }

    @Test
    void everyRouteStartsTheJvmWithTheLaunchersFlags() throws IOException {
        List<String> flags = JvmFlags.launcherFlags();
        assertEquals(flags, Files.readAllLines(Path.of("plugin/bin/jvm.options")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList(), "the jar carries plugin/bin/jvm.options");
        assertTrue(flags.contains("-Xmx256m") && flags.contains("-XX:+UseSerialGC"), flags.toString());
        List<String> jbang = new ArrayList<>();
        json("jbang-catalog.json").at("/aliases/bg-agents/java-options").forEach(n -> jbang.add(n.asText()));
        assertEquals(flags, jbang, "jbang-catalog.json");
        assertTrue(Files.readString(Path.of("packaging/homebrew/bg-agents.rb")).contains("\"" + String.join(" ", flags) + "\""),
                "the Homebrew formula's script");
    }

    @Test
    void theManifestsNameOneReleaseAndOneServer() throws IOException {
        JsonNode npm = json("plugin/package.json");
        JsonNode server = json("server.json");
        String version = npm.get("version").asText();
        assertEquals(version, json("plugin/.claude-plugin/plugin.json").get("version").asText());
        assertEquals(version, server.get("version").asText());
        assertEquals(npm.get("mcpName").asText(), server.get("name").asText(), "the registry checks mcpName");
        JsonNode pkg = server.get("packages").get(0);
        assertEquals(List.of("npm", npm.get("name").asText(), version),
                List.of(pkg.get("registryType").asText(), pkg.get("identifier").asText(), pkg.get("version").asText()));
        assertTrue(server.get("description").asText().length() <= 100, "the registry's limit");
        String asset = "bg-agents-" + version + ".jar";
        assertTrue(Files.readString(Path.of("plugin/bin/bg-agents.jar.sha256")).matches("[0-9a-f]{64}  " + asset + "\n"));
        assertTrue(json("jbang-catalog.json").at("/aliases/bg-agents/script-ref").asText().endsWith("/v" + version + "/" + asset));
        assertTrue(Files.readString(Path.of("packaging/homebrew/bg-agents.rb")).contains("/v" + version + "/" + asset));
        assertEquals("./plugin", json(".claude-plugin/marketplace.json").at("/plugins/0/source").asText());
        assertEquals("${CLAUDE_PLUGIN_ROOT}/bin/bg-agents", json("plugin/.mcp.json").at("/mcpServers/bg-agents/command").asText());
        for (JsonNode file : npm.get("files")) {
            assertTrue(Files.isRegularFile(Path.of("plugin").resolve(file.asText())), file.asText());
        }
    }
}
