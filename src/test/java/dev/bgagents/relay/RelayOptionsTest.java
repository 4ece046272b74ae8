package dev.bgagents.relay;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RelayOptionsTest {
    @Test
    void theLaunchsCommandParsesBackToItsOptions() {
        List<String> cmd = RelayMain.command(Path.of("/j/channel"), true, 7L, List.of("claude", "-p", "--", "x"));
        int main = cmd.indexOf(RelayMain.class.getName());

        RelayOptions o = RelayOptions.parse(cmd.subList(main + 1, cmd.size()), Map.of());

        assertEquals(Path.of("/j/channel"), o.channel());
        assertTrue(o.ask());
        assertEquals(Duration.ofSeconds(7), o.approvalTimeout());
        assertEquals(List.of("claude", "-p", "--", "x"), o.argv(), "what follows the first -- is claude's, untouched");
        assertTrue(cmd.contains("-Xmx64m"));
        assertTrue(Path.of(cmd.get(cmd.indexOf("-cp") + 1).split(java.io.File.pathSeparator)[0]).isAbsolute());
    }

    @Test
    void theTimeoutComesFromTheEnvironmentElseFiveMinutes() {
        List<String> args = List.of("--channel", "/c", "--", "claude");

        assertEquals(Duration.ofSeconds(3), RelayOptions.parse(args, Map.of(RelayOptions.TIMEOUT_ENV, "3")).approvalTimeout());
        assertEquals(Duration.ofSeconds(300), RelayOptions.parse(args, Map.of()).approvalTimeout());
        assertFalse(RelayOptions.parse(args, Map.of()).ask());
    }

    @Test
    void withoutAChannelOrACommandItRefuses() {
        assertThrows(IllegalArgumentException.class, () -> RelayOptions.parse(List.of("--", "claude"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RelayOptions.parse(List.of("--channel", "/c"), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RelayOptions.parse(List.of("--bogus"), Map.of()));
    }
}
