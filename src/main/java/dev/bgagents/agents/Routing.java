package dev.bgagents.agents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Provider {@code auto}: picks a CLI by the kind of task, the way people route by hand —
 * Claude for complex multi-file work and APIs, Codex for migrations, models and focused code,
 * Gemini for tests, docs and review, Ollama for small utilities and types — among the CLIs
 * actually installed. The config's {@code routing} replaces the order for any kind.
 */
public final class Routing {

    /** Kinds of task, each with the words that signal it and its default provider order. */
    public enum Kind {
        COMPLEX("complex", null, List.of("claude", "codex", "opencode", "gemini")),
        MIGRATION("migration", "migrat\\w*|schema change|alter table|ddl|sql schema|database schema",
                List.of("codex", "claude", "opencode", "gemini")),
        MODELS("models", "models?|entit(y|ies)|orm|dto|data class(es)?|record types?",
                List.of("codex", "claude", "opencode", "gemini")),
        TESTS("tests", "tests?|unit tests?|test cases?|specs?|coverage|e2e|integration tests?",
                List.of("gemini", "claude", "codex", "opencode")),
        DOCS("docs", "docs?|documentation|document|readme|docstrings?|changelog|tutorial",
                List.of("gemini", "claude", "codex", "opencode")),
        REVIEW("review", "review|audit|critique|code review",
                List.of("gemini", "claude", "codex", "opencode")),
        UTILS("utils", "utils?|utilit(y|ies)|helpers?|type definitions?|typings|types|constants|enums?",
                List.of("ollama", "codex", "claude", "opencode", "gemini"));

        private final String wire;
        private final Pattern words;
        private final List<String> order;

        Kind(String wire, String words, List<String> order) {
            this.wire = wire;
            this.words = words == null ? null : Pattern.compile("\\b(" + words + ")\\b");
            this.order = order;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Kind> fromWire(String s) {
            for (Kind k : values()) {
                if (k.wire.equals(s)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** The choice made and why, for the spawn answer. */
    public record Choice(String provider, Kind kind) {
    }

    private final Map<Kind, List<String>> orders = new LinkedHashMap<>();

    public Routing(Map<String, List<String>> overrides) {
        for (Kind k : Kind.values()) {
            orders.put(k, overrides.getOrDefault(k.wire, k.order));
        }
    }

    /** The kind of a task by its wording; a task naming several files or an API is complex work. */
    public static Kind classify(String task) {
        String text = task.toLowerCase(Locale.ROOT);
        // only the opening of a long prompt says what the task is; the rest is material
        String head = text.length() > 2000 ? text.substring(0, 2000) : text;
        Kind best = Kind.COMPLEX;
        int bestHits = 0;
        for (Kind k : Kind.values()) {
            if (k.words == null) {
                continue;
            }
            int hits = (int) k.words.matcher(head).results().count();
            if (hits > bestHits) {
                best = k;
                bestHits = hits;
            }
        }
        if (best != Kind.COMPLEX && Pattern.compile("\\b(api|endpoints?|across|refactor|architecture)\\b")
                .matcher(head).results().count() > bestHits) {
            return Kind.COMPLEX;
        }
        return best;
    }

    /** The first provider for the task's kind that is usable here, or empty when none is. */
    public Optional<Choice> choose(String task, Predicate<String> usable) {
        Kind kind = classify(task);
        for (String p : orders.get(kind)) {
            if (usable.test(p)) {
                return Optional.of(new Choice(p, kind));
            }
        }
        for (String p : orders.get(Kind.COMPLEX)) {
            if (usable.test(p)) {
                return Optional.of(new Choice(p, Kind.COMPLEX));
            }
        }
        return Optional.empty();
    }
}
