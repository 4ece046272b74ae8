package dev.bgagents.config;

import java.util.List;
import java.util.Set;

/**
 * bg-agents.json "notify": where the person hears of what happened while they looked elsewhere.
 * Each sink is null when not configured; each takes the events it names (all of them by default).
 *
 * @param desktop a desktop notification (notify-send on Linux, osascript on macOS)
 * @param hook    a command given each event as JSON on its stdin
 * @param webhook an HTTP POST of each event as JSON, signed when a secret is named
 */
public record NotifySettings(Desktop desktop, Hook hook, Webhook webhook) {
    public static final String JOB_ENDED = "job_ended";
    public static final String PLAN_ENDED = "plan_ended";
    /** Reserved for approvals: a job paused on a question to a person. Nothing emits it yet. */
    public static final String JOB_WAITING = "job_waiting";
    public static final String BUDGET_REACHED = "budget_reached";
    public static final String MERGE_REFUSED = "merge_refused";
    public static final List<String> EVENTS = List.of(JOB_ENDED, PLAN_ENDED, JOB_WAITING, BUDGET_REACHED, MERGE_REFUSED);

    public static final NotifySettings NONE = new NotifySettings(null, null, null);

    public boolean any() {
        return desktop != null || hook != null || webhook != null;
    }

    public record Desktop(Set<String> events) {
        public Desktop {
            events = Set.copyOf(events);
        }
    }

    /** @param command an argument vector from this file alone; @param timeoutSeconds after it, killed with its process group */
    public record Hook(List<String> command, double timeoutSeconds, Set<String> events) {
        public Hook {
            command = List.copyOf(command);
            events = Set.copyOf(events);
        }
    }

    /**
     * @param secretEnv the environment variable holding the HMAC key (never the key itself in this file); null: unsigned
     * @param timeoutSeconds bound on one attempt (connect and answer)
     */
    public record Webhook(String url, String secretEnv, double timeoutSeconds, Set<String> events) {
        public Webhook {
            events = Set.copyOf(events);
        }
    }
}
