package dev.bgagents.cli;

import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.sandbox.network.NetworkGate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** doctor's lines on what each provider's confined agents may reach: open, or its allow-list, and whether it holds here. */
final class NetworkLine {
    private NetworkLine() {
    }

    static List<String> of(Map<String, NetworkAllowList> lists, Sandbox sandbox, boolean off, Terminal term) {
        if (lists.isEmpty()) {
            return List.of("network: open to every provider's agents (bg-agents.json providers.<name>.network "
                    + "limits one to a list of hosts)");
        }
        List<String> lines = new ArrayList<>();
        String why = off ? "\"sandbox\": \"off\"" : NetworkGate.unavailable(sandbox).orElse(null);
        lines.add("network: open to the other providers' agents; these reach only their list, through their job's "
                + "proxy (read-only and workspace-write jobs; full ones are unconfined)"
                + (why == null ? "" : " — " + term.red(off ? "not applied" : "their jobs refuse to start") + ": " + why));
        lists.forEach((provider, list) -> lines.add(String.format("  %-9s %s", provider, list)));
        return lines;
    }
}
