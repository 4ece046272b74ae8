package dev.bgagents.agents;

import dev.bgagents.text.Clip;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a CLI's error text into words a host can act on: credentials, rate limit, model
 * server trouble, unreachable server. The CLI's own text follows, trimmed.
 */
public final class ApiErrors {
    private static final Pattern STATUS = Pattern.compile("\\b(401|403|404|408|429|5\\d\\d)\\b");

    /**
     * How the reasons above begin when the trouble is the provider's — its account, key, quota,
     * model name or server — not the task's: another provider may well do the same task.
     */
    private static final List<String> PROVIDER_TROUBLE = List.of("authentication failed", "credentials missing",
            "rate limited", "out of quota", "model or endpoint not found", "the model server timed out",
            "model server error", "model server unreachable", "the model's answer was cut off",
            "claude is not logged in");

    private ApiErrors() {
    }

    /**
     * True when a failed job's reason says its provider could not serve it (one of the kinds this
     * class names), so the same task may be run on another provider; false for a job that failed
     * on its merits (its agent tried, its tests failed, it stopped without a result) or said nothing.
     */
    public static boolean isProviderTrouble(String reason) {
        return reason != null && PROVIDER_TROUBLE.stream().anyMatch(reason::startsWith);
    }

    public static String explain(String message) {
        String m = message == null ? "" : message;
        String lower = m.toLowerCase();
        String kind;
        Matcher status = STATUS.matcher(m);
        if (m.contains("bg-agents refused: ")) {
            // the job's proxy answered 403 (sandbox/network): the person's list, not the provider's key, is why
            kind = "refused by the provider's network allow-list: add the host to providers.<name>.network";
        } else if (status.find()) {
            int code = Integer.parseInt(status.group(1));
            kind = switch (code) {
                case 401, 403 -> "authentication failed (HTTP " + code + "): check the API key or login";
                case 404 -> "model or endpoint not found (HTTP 404): check the model name";
                case 408 -> "the model server timed out (HTTP 408)";
                case 429 -> "rate limited (HTTP 429): retry later or use another provider";
                default -> "model server error (HTTP " + code + ")";
            };
        } else if (lower.contains("model not found") || lower.contains("is not found") || lower.contains("not_found")) {
            kind = "model or endpoint not found: check the model name";
        } else if (lower.contains("missing environment variable")) {
            kind = "credentials missing: the CLI's API key variable is not set";
        } else if (lower.contains("insufficient_quota") || lower.contains("exceeded your current quota")
                || lower.contains("quota exceeded") || lower.contains("resource_exhausted")) {
            kind = "out of quota: check the plan and billing, or use another provider";
        } else if (lower.contains("too many requests") || lower.contains("rate limit")) {
            kind = "rate limited (HTTP 429): retry later or use another provider";
        } else if (lower.contains("internal server error") || lower.contains("high demand")
                || lower.contains("overloaded") || lower.contains("service unavailable")) {
            kind = "model server error (HTTP 5xx)";
        } else if (lower.contains("connection refused") || lower.contains("econnrefused")
                || lower.contains("error sending request") || lower.contains("unable to connect")
                || lower.contains("fetch failed") || lower.contains("cannot connect")
                || lower.contains("waiting for network")) {
            kind = "model server unreachable";
        } else if (lower.contains("unauthorized") || lower.contains("api key") || lower.contains("not logged in")
                || lower.contains("authentication")) {
            kind = "authentication failed: check the API key or login";
        } else if (lower.contains("stream disconnected") || lower.contains("stream closed")) {
            kind = "the model's answer was cut off (stream closed early)";
        } else {
            return Clip.oneLine(m, 200);
        }
        return kind + " — " + Clip.oneLine(m, 140);
    }
}
