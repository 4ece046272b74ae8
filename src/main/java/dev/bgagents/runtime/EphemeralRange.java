package dev.bgagents.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ports the system hands out for outgoing connections and port-0 binds: any program can be
 * given one of them at any moment, so a job's block of ports is chosen outside them.
 */
record EphemeralRange(int first, int last) {
    /** IANA's dynamic ports: macOS's default, and the guess where the system does not say. */
    static final EphemeralRange IANA = new EphemeralRange(49_152, 65_535);
    private static final Path LINUX = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** This machine's range, read once per server. */
    static EphemeralRange ofSystem() {
        return Holder.SYSTEM;
    }

    private static final class Holder {
        static final EphemeralRange SYSTEM = read();
    }

    /** Linux's from /proc, macOS's from sysctl; IANA's when neither answers. */
    private static EphemeralRange read() {
        try {
            if (Files.isReadable(LINUX)) {
                // read to its end: Files.readString sizes its read by the file's size, and gets "3" from this one
                try (InputStream in = Files.newInputStream(LINUX)) {
                    return parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).orElse(IANA);
                }
            }
            if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
                Process p = new ProcessBuilder("sysctl", "-n", "net.inet.ip.portrange.first",
                        "net.inet.ip.portrange.last").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return parse(out).orElse(IANA);
                }
                p.destroyForcibly();
            }
        } catch (IOException e) {
            // no answer from the system: IANA's range is the standard one
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return IANA;
    }

    /** Two port numbers apart by white space, as /proc and {@code sysctl -n first last} print them. */
    static Optional<EphemeralRange> parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            int first = Integer.parseInt(parts[0]);
            int last = Integer.parseInt(parts[1]);
            return first >= 1 && first <= last && last <= 65_535
                    ? Optional.of(new EphemeralRange(first, last)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether any port from {@code from} to {@code to} (both included) lies in the range. */
    boolean overlaps(int from, int to) {
        return from <= last && to >= first;
    }

    @Override
    public String toString() {
        return first + "–" + last;
    }
}
