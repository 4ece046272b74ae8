package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** bg-agents.json "notify", or the one line that says what is wrong with it. */
final class NotifySettingsReader {
    private static final Set<String> KEYS = Set.of("desktop", "hook", "webhook");
    private static final Set<String> DESKTOP_KEYS = Set.of("events");
    private static final Set<String> HOOK_KEYS = Set.of("command", "timeout_seconds", "events");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "secret_env", "timeout_seconds", "events");
    private static final double DEFAULT_TIMEOUT_SECONDS = 10;

    private NotifySettingsReader() {
    }

    static NotifySettings read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return NotifySettings.NONE;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"notify\" must be an object of desktop, hook, webhook");
        }
        WorktreeSettingsReader.unknownKeys(file, "notify", node, KEYS);
        return new NotifySettings(desktop(file, node.get("desktop")), hook(file, node.get("hook")),
                webhook(file, node.get("webhook")));
    }

    /** {@code true} (every event), {@code false} (none) or {@code {"events": [...]}}. */
    private static NotifySettings.Desktop desktop(Path file, JsonNode n) throws ConfigException {
        if (n == null || (n.isBoolean() && !n.asBoolean())) {
            return null;
        }
        if (n.isBoolean()) {
            return new NotifySettings.Desktop(Set.copyOf(NotifySettings.EVENTS));
        }
        if (!n.isObject()) {
            throw new ConfigException(file + ": notify.desktop must be true, false or {\"events\": [...]}");
        }
        WorktreeSettingsReader.unknownKeys(file, "notify.desktop", n, DESKTOP_KEYS);
        return new NotifySettings.Desktop(events(file, "notify.desktop", n.get("events")));
    }

    private static NotifySettings.Hook hook(Path file, JsonNode n) throws ConfigException {
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new ConfigException(file + ": notify.hook must be an object of " + String.join(", ", HOOK_KEYS.stream().sorted().toList()));
        }
        WorktreeSettingsReader.unknownKeys(file, "notify.hook", n, HOOK_KEYS);
        if (n.get("command") == null) {
            throw new ConfigException(file + ": notify.hook.command must name a program (an argument vector)");
        }
        return new NotifySettings.Hook(WorktreeSettingsReader.command(file, "notify.hook.command", n.get("command")),
                ConfigValues.positive(file, n, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS), events(file, "notify.hook", n.get("events")));
    }

    private static NotifySettings.Webhook webhook(Path file, JsonNode n) throws ConfigException {
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new ConfigException(file + ": notify.webhook must be an object of " + String.join(", ", WEBHOOK_KEYS.stream().sorted().toList()));
        }
        if (n.has("secret")) {
            throw new ConfigException(file + ": notify.webhook.secret: a secret is never read from this file; put it in an "
                    + "environment variable and name that variable in secret_env");
        }
        WorktreeSettingsReader.unknownKeys(file, "notify.webhook", n, WEBHOOK_KEYS);
        String url = n.path("url").asText("");
        if (!wellFormed(url)) {
            throw new ConfigException(file + ": notify.webhook.url must be an http or https URL with a host, e.g. "
                    + "\"https://hooks.example.com/bg-agents\"");
        }
        JsonNode secret = n.get("secret_env");
        if (secret != null && (!secret.isTextual() || !secret.asText().matches("[A-Za-z_][A-Za-z0-9_]{0,127}"))) {
            throw new ConfigException(file + ": notify.webhook.secret_env must be the name of an environment variable");
        }
        return new NotifySettings.Webhook(url, secret == null ? null : secret.asText(),
                ConfigValues.positive(file, n, "timeout_seconds", DEFAULT_TIMEOUT_SECONDS), events(file, "notify.webhook", n.get("events")));
    }

    /** An http(s) URL with a host and no credentials in it (they would sit in the file and in logs). */
    static boolean wellFormed(String url) {
        try {
            URI u = new URI(url);
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && u.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Event names; absent: all of them. */
    private static Set<String> events(Path file, String where, JsonNode n) throws ConfigException {
        if (n == null) {
            return Set.copyOf(NotifySettings.EVENTS);
        }
        Set<String> out = new LinkedHashSet<>();
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (!e.isTextual() || !NotifySettings.EVENTS.contains(e.asText())) {
                    out = null;
                    break;
                }
                out.add(e.asText());
            }
        }
        if (!n.isArray() || out == null) {
            throw new ConfigException(file + ": " + where + ".events must be a list of " + String.join(", ", NotifySettings.EVENTS));
        }
        return out;
    }
}
