package dev.bgagents.config;

import dev.bgagents.config.ConfigLoader.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bg-agents.json "notify": read whole, or refused in one line that names the key. */
class NotifySettingsReaderTest {
    @TempDir
    Path dir;

    private Config read(String notify) throws Exception {
        Path file = dir.resolve("bg-agents.json");
        Files.writeString(file, "{\"notify\": " + notify + "}");
        return ConfigLoader.read(file);
    }

    @Test
    void eachSinkIsReadWithItsEventsAllOfThemByDefault() throws Exception {
        NotifySettings n = read("""
                {"desktop": true,
                 "hook": {"command": ["./notify.sh", "--json"], "timeout_seconds": 5, "events": ["job_ended"]},
                 "webhook": {"url": "https://hooks.example.com/bg", "secret_env": "BG_HOOK_KEY"}}""").notifications();
        assertEquals(Set.copyOf(NotifySettings.EVENTS), n.desktop().events());
        assertEquals(new NotifySettings.Hook(List.of("./notify.sh", "--json"), 5, Set.of("job_ended")), n.hook());
        assertEquals(new NotifySettings.Webhook("https://hooks.example.com/bg", "BG_HOOK_KEY", 10,
                Set.copyOf(NotifySettings.EVENTS)), n.webhook());
        assertNull(read("{\"desktop\": false}").notifications().desktop());
        assertEquals(NotifySettings.NONE, ConfigLoader.read(Files.writeString(dir.resolve("empty.json"), "{}")).notifications());
    }

    @Test
    void aMistakeIsOneLineNamingTheKey() {
        String[][] cases = {
                {"{\"email\": {}}", "notify: unknown key \"email\""},
                {"{\"webhook\": {\"url\": \"https://h.example/x\", \"secret\": \"s3cr3t\"}}", "notify.webhook.secret: a secret is never read from this file"},
                {"{\"webhook\": {\"url\": \"ftp://h.example/x\"}}", "notify.webhook.url must be an http or https URL"},
                {"{\"webhook\": {\"url\": \"https://user:pw@h.example/x\"}}", "notify.webhook.url must be"},
                {"{\"webhook\": {\"url\": \"https://h.example/x\", \"secret_env\": \"not a name\"}}", "notify.webhook.secret_env must be the name"},
                {"{\"webhook\": {\"url\": \"https://h.example/x\", \"events\": [\"job_done\"]}}", "notify.webhook.events must be a list of job_ended"},
                {"{\"hook\": {\"timeout_seconds\": 5}}", "notify.hook.command must name a program"},
                {"{\"hook\": {\"command\": \"x\", \"timeout_seconds\": 0}}", "\"timeout_seconds\" must be a positive number"},
                {"{\"hook\": {\"command\": \"x\", \"shell\": true}}", "notify.hook: unknown key \"shell\""},
                {"{\"desktop\": \"yes\"}", "notify.desktop must be true, false or"},
                {"[]", "\"notify\" must be an object"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> read(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " → " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(!e.getMessage().contains("s3cr3t"), "a secret written in the file is not repeated: " + e.getMessage());
        }
    }
}
