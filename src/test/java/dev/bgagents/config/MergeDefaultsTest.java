package dev.bgagents.config;

import dev.bgagents.config.ConfigLoader.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** bg-agents.json "merge": read whole, or refused in one line naming the key. */
class MergeDefaultsTest {
    @TempDir
    Path dir;

    private MergeDefaults read(String merge) throws Exception {
        Path file = dir.resolve("bg-agents.json");
        Files.writeString(file, merge == null ? "{}" : "{\"merge\": " + merge + "}");
        return ConfigLoader.read(file).merge();
    }

    @Test
    void theKeysAreReadAndWithoutThemNoConflictIsResolved() throws Exception {
        assertEquals(new MergeDefaults(false, 3), read(null));
        assertEquals(new MergeDefaults(true, 3), read("{\"resolve\": true}"));
        assertEquals(new MergeDefaults(false, 5), read("{\"rounds\": 5}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "true|\"merge\" must be an object of resolve, rounds",
            "{\"resolv\": true}|merge: unknown key \"resolv\" (known: resolve, rounds)",
            "{\"resolve\": \"yes\"}|merge.resolve must be true or false",
            "{\"rounds\": 0}|merge.rounds must be a whole number from 1 to 10",
            "{\"rounds\": 2.5}|merge.rounds must be a whole number from 1 to 10",
            "{\"rounds\": 11}|merge.rounds must be a whole number from 1 to 10",
    })
    void mistakesAreOneLineNamingTheKey(String merge, String said) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(merge));
        assertTrue(e.getMessage().contains(said), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
