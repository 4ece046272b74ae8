package dev.bgagents.cli;

import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.sandbox.Sandbox;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.*;

class NetworkLineTest {
    private static final Terminal PLAIN = new Terminal(false, false, 0);

    @Test
    void withoutListsEveryAgentsNetworkIsOpen() {
        List<String> lines = NetworkLine.of(Map.of(), Sandbox.none("x"), false, PLAIN);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("network: open to every provider's agents"), lines.get(0));
    }

    @Test
    void eachListIsSaidAndWhyItCannotHoldWhereItCannot() {
        Map<String, NetworkAllowList> lists = new TreeMap<>(Map.of(
                "claude", NetworkAllowList.of(List.of("api.anthropic.com", "127.0.0.1:8080")),
                "local", NetworkAllowList.of(List.of())));
        List<String> lines = NetworkLine.of(lists, Sandbox.none("bubblewrap is not installed"), false, PLAIN);
        assertTrue(lines.get(0).contains("their jobs refuse to start: a network allow-list needs bubblewrap"),
                lines.get(0));
        assertEquals(List.of("  claude    api.anthropic.com, 127.0.0.1:8080", "  local     nothing"),
                lines.subList(1, 3));
        assertTrue(NetworkLine.of(lists, Sandbox.none("x"), true, PLAIN).get(0)
                .contains("not applied: \"sandbox\": \"off\""));
    }
}
