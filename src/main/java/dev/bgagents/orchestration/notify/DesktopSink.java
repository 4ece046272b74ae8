package dev.bgagents.orchestration.notify;

import dev.bgagents.providers.Providers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A desktop notification: notify-send on Linux (it needs the desktop's D-Bus session), osascript's
 * {@code display notification} on macOS. The text goes as arguments — to osascript as {@code argv}
 * of a fixed script, never spliced into AppleScript — so nothing an agent wrote is read as code.
 * Not retried: a desktop that cannot show one now (no session bus) will not later.
 */
final class DesktopSink implements Sink {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final ShortCommand commands;
    private final Path outbox;
    private final boolean mac;

    DesktopSink(ShortCommand commands, Path outbox, String osName) {
        this.commands = commands;
        this.outbox = outbox;
        this.mac = osName.toLowerCase(Locale.ROOT).contains("mac");
    }

    @Override
    public String name() {
        return "desktop";
    }

    private String program() {
        return mac ? "osascript" : "notify-send";
    }

    @Override
    public String describe() {
        return program() + Providers.findProgram(program()).map(p -> " (" + p + ")").orElse("");
    }

    @Override
    public Optional<String> cannotWorkHere() {
        if (Providers.findProgram(program()).isEmpty()) {
            return Optional.of(program() + " not found on PATH" + (mac ? "" : " (Debian/Ubuntu: libnotify-bin)"));
        }
        if (!mac && System.getenv("DBUS_SESSION_BUS_ADDRESS") == null && System.getenv("XDG_RUNTIME_DIR") == null) {
            return Optional.of("no desktop session here (DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR unset)");
        }
        return Optional.empty();
    }

    static List<String> argv(boolean mac, String title, String body) {
        return mac ? List.of("osascript", "-e", "on run argv", "-e",
                "display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", title, body)
                : List.of("notify-send", "--app-name=bg-agents", "--", title, body);
    }

    @Override
    public Attempt deliver(NotifyEvent e) {
        String title = "bg-agents: " + e.type().replace('_', ' ');
        String failed = commands.run(argv(mac, title, e.outcome()), null, outbox.resolve(e.id() + ".desktop-run"), LIMIT);
        return failed == null ? Attempt.delivered("shown") : Attempt.giveUp(program() + " " + failed);
    }
}
