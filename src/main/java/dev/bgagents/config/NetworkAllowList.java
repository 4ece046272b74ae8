package dev.bgagents.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's {@code "network"}: the hosts its confined agent may reach, each a host name, an IPv4
 * address, {@code [an IPv6 one]} or {@code *.domain} (any name under it, not the domain itself), with an
 * optional {@code :port} (without one, every port of it). Names are compared as the agent's client writes
 * them in its request to the proxy, not resolved: {@code localhost} and {@code 127.0.0.1} are two entries.
 * Plain JDK only: the job's proxy loads it from the server's jar with nothing else on its class path.
 */
public record NetworkAllowList(List<String> entries) {
    private static final Pattern ENTRY = Pattern.compile(
            "(\\*\\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\\[[0-9a-f:.]+])"
                    + "(?::([0-9]{1,5}))?");

    public NetworkAllowList {
        entries = List.copyOf(entries);
    }

    /** The entries as written, or an {@link IllegalArgumentException} naming the first that is not one. */
    public static NetworkAllowList of(List<String> written) {
        List<String> entries = new ArrayList<>();
        for (String e : written) {
            String why = problem(e);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
            entries.add(e.toLowerCase(Locale.ROOT));
        }
        return new NetworkAllowList(entries);
    }

    /** Whether a request to {@code host} (as the client named it) on {@code port} may go out. */
    public boolean allows(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        for (String e : entries) {
            Matcher m = ENTRY.matcher(e);
            if (!m.matches() || (m.group(3) != null && Integer.parseInt(m.group(3)) != port)) {
                continue;
            }
            if (m.group(1) != null ? h.endsWith("." + m.group(2)) : h.equals(m.group(2))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "nothing" : String.join(", ", entries);
    }

    private static String problem(String e) {
        if (e == null || e.isBlank()) {
            return "an entry is empty";
        }
        if (e.contains("://") || e.contains("/")) {
            return "\"" + e + "\" is not a host: write a host name, *.domain or an address, each with an optional :port";
        }
        Matcher m = ENTRY.matcher(e.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return "\"" + e + "\" is not a host, *.domain or address (with an optional :port)";
        }
        if (m.group(1) != null && !m.group(2).contains(".")) {
            return "\"" + e + "\" would allow a whole top-level domain: name at least *.example.com";
        }
        if (m.group(3) != null && (Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535)) {
            return "\"" + e + "\": a port is 1 to 65535";
        }
        return null;
    }
}
