package dev.bgagents.sandbox.network;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What a client asked the proxy for: a tunnel ({@code CONNECT host:port}, how HTTPS goes through a proxy) or
 * one plain HTTP request in absolute form ({@code GET http://host:port/path}), with the head to send the
 * server in its place — in origin form, and {@code Connection: close}, so that each request on a kept-alive
 * client connection comes back to the proxy to be judged rather than following the first one's server.
 *
 * @param forward the head to send the server first; empty for a tunnel
 */
record RequestHead(String method, String host, int port, boolean tunnel, byte[] forward) {

    /** The request this head asks for, or an empty answer when it is not one a proxy serves (then {@code why}). */
    static Optional<RequestHead> parse(String head, StringBuilder why) {
        String[] lines = head.split("\r\n");
        String[] first = lines[0].split(" ");
        if (first.length != 3 || !first[2].startsWith("HTTP/")) {
            why.append("not an HTTP request");
            return Optional.empty();
        }
        String method = first[0];
        if (method.equals("CONNECT")) {
            return hostPort(first[1], 443, why).map(hp -> new RequestHead(method, hp.host, hp.port, true, new byte[0]));
        }
        String target = first[1];
        if (!target.regionMatches(true, 0, "http://", 0, 7)) {
            why.append(target.regionMatches(true, 0, "https://", 0, 8) ? "an https:// URL is asked for with CONNECT"
                    : "not a request for a proxy (no absolute http:// URL)");
            return Optional.empty();
        }
        String rest = target.substring(7);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        if (authority.contains("@")) {
            authority = authority.substring(authority.lastIndexOf('@') + 1);
        }
        Optional<HostPort> hp = hostPort(authority, 80, why);
        if (hp.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(method).append(' ').append(path).append(' ').append(first[2]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).strip()
                    .toLowerCase(Locale.ROOT) : "";
            if (!name.equals("connection") && !name.equals("keep-alive") && !name.startsWith("proxy-")) {
                out.append(lines[i]).append("\r\n");
            }
        }
        out.append("Connection: close\r\n\r\n");
        return Optional.of(new RequestHead(method, hp.get().host, hp.get().port, false,
                out.toString().getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** {@code host:port} as the request names it, for a log line. */
    String target() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private record HostPort(String host, int port) {
    }

    private static Optional<HostPort> hostPort(String authority, int defaultPort, StringBuilder why) {
        String host = authority;
        String port = null;
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            host = end < 0 ? "" : authority.substring(1, end);
            port = end >= 0 && authority.length() > end + 1 && authority.charAt(end + 1) == ':'
                    ? authority.substring(end + 2) : null;
        } else if (authority.indexOf(':') >= 0) {
            host = authority.substring(0, authority.lastIndexOf(':'));
            port = authority.substring(authority.lastIndexOf(':') + 1);
        }
        int p = defaultPort;
        try {
            if (port != null) {
                p = Integer.parseInt(port);
            }
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (host.isEmpty() || p < 1 || p > 65535) {
            why.append("no host and port in \"").append(authority).append('"');
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, p));
    }
}
