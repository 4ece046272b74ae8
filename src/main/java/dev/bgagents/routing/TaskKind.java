package dev.bgagents.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What part of the work a task is, by its wording: the one classifier behind both provider
 * {@code auto} (which CLI suits it) and a plan's order (migration, then models, then handlers,
 * then the wiring, then tests of the whole). A task is the kind whose words it uses most; on a
 * tie the earlier kind below wins, so "tests for the API" is tests and "models migration" is a
 * migration. Kinds without words of their own are {@link #COMPLEX}.
 */
public enum TaskKind {
    TESTS("tests", "tests?|testing|unit tests?|integration tests?|test cases?|e2e|specs?|coverage", 4, null),
    DOCS("docs", "docs?|docstrings?|documentation|document|readme|changelog|guide|tutorial", -1, null),
    MIGRATION("migration", "migrat\\w*|schema change|schema|alter table|create table|ddl|sql schema|database schema"
            + "|database table", 0, null),
    MODELS("models", "models?|entit(y|ies)|orm|dto|data class(es)?|record types?|repositor(y|ies)|data layer", 1, null),
    REVIEW("review", "review|audit|critique|code review", -1, null),
    TYPES("types", "types|typings|type definitions?|interfaces", -1, "utils"),
    UTILS("utils", "utils?|utilit(y|ies)|helpers?|constants|enums?", -1, null),
    TEMPLATES("templates", "templates?", -1, "complex"),
    FRONTEND("frontend", "frontend|front-end|ui|components?|pages?|react|vue|svelte|css|styles?|forms?|screens?", -1,
            "complex"),
    WIRING("wiring", "wiring|wire|wire up|register|registration|hook up|plug in|dependency injection|bootstrap", 3,
            "complex"),
    HANDLERS("handlers", "handlers?|api|apis|endpoints?|controllers?|routes?|resolvers?|services?|middlewares?"
            + "|server-side|backend", 2, "complex"),
    /** Multi-file work that fits no narrower kind. */
    COMPLEX("complex", null, -1, null);

    /** The chain step tests hang on: after the last step of the backend chain present. */
    public static final int TESTS_STEP = 4;

    private final String wire;
    private final Pattern words;
    private final int step;
    private final String routedAs;

    TaskKind(String wire, String words, int step, String routedAs) {
        this.wire = wire;
        this.words = words == null ? null : Pattern.compile("\\b(" + words + ")\\b");
        this.step = step;
        this.routedAs = routedAs;
    }

    public String wire() {
        return wire;
    }

    /** Position in the migration → models → handlers → wiring → tests chain; -1 for a kind outside it. */
    public int step() {
        return step;
    }

    /** The kind whose provider order {@code auto} uses for this one (type definitions are small utilities). */
    public TaskKind routed() {
        return routedAs == null ? this : fromWire(routedAs).orElseThrow();
    }

    /** Whether provider {@code auto} keeps an order of its own for this kind (the keys of routing in the config). */
    public boolean routable() {
        return routedAs == null;
    }

    public static Optional<TaskKind> fromWire(String s) {
        for (TaskKind k : values()) {
            if (k.wire.equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The kind of a piece of text, with how many of its words it used (0 for {@link #COMPLEX}). */
    public record Match(TaskKind kind, int hits) {
    }

    public static Match classify(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        TaskKind best = COMPLEX;
        int bestHits = 0;
        for (TaskKind k : values()) {
            if (k.words == null) {
                continue;
            }
            int hits = (int) k.words.matcher(t).results().count();
            if (hits > bestHits) {
                best = k;
                bestHits = hits;
            }
        }
        return new Match(best, bestHits);
    }

    public static TaskKind of(String text) {
        return classify(text).kind();
    }
}
