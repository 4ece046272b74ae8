package dev.bgagents.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** bg-agents.json "approvals": how long a question to a person waits before it is a deny. */
class ApprovalSettingsTest {
    @TempDir
    Path dir;

    private Config read(String json) throws Exception {
        Path f = dir.resolve("bg-agents.json");
        Files.writeString(f, json);
        return ConfigLoader.read(f);
    }

    @Test
    void fiveMinutesUnlessSaid() throws Exception {
        assertEquals(300, Config.DEFAULTS.approvals().timeoutSeconds());
        assertEquals(300, read("{}").approvals().timeoutSeconds());
        assertEquals(90, read("{\"approvals\": {\"timeout_seconds\": 90}}").approvals().timeoutSeconds());
    }

    @Test
    void aMistakeNamesTheKey() {
        for (String bad : new String[]{"{\"approvals\": 5}", "{\"approvals\": {\"timeout_seconds\": 0}}",
                "{\"approvals\": {\"timeout_seconds\": 1.5}}", "{\"approvals\": {\"timeout\": 5}}"}) {
            var e = assertThrows(ConfigLoader.ConfigException.class, () -> read(bad), bad);
            assertTrue(e.getMessage().contains("approvals"), e.getMessage());
        }
    }
}
