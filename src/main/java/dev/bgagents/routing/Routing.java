package dev.bgagents.routing;

import java.util.EnumMap;
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
    private static final Map<TaskKind, List<String>> DEFAULT_ORDERS = Map.of(
            TaskKind.COMPLEX, List.of("claude", "codex", "opencode", "gemini"),
            TaskKind.MIGRATION, List.of("codex", "claude", "opencode", "gemini"),
            TaskKind.MODELS, List.of("codex", "claude", "opencode", "gemini"),
            TaskKind.TESTS, List.of("gemini", "claude", "codex", "opencode"),
            TaskKind.DOCS, List.of("gemini", "claude", "codex", "opencode"),
            TaskKind.REVIEW, List.of("gemini", "claude", "codex", "opencode"),
            TaskKind.UTILS, List.of("ollama", "codex", "claude", "opencode", "gemini"));
    /** Words of work that spans the code base: they outweigh a narrower kind they outnumber. */
    private static final Pattern SPANNING = Pattern.compile("\\b(api|endpoints?|across|refactor|architecture)\\b");

    /** The choice made and why, for the spawn answer. */
    public record Choice(String provider, TaskKind kind) {
    }

    private final Map<TaskKind, List<String>> orders = new EnumMap<>(TaskKind.class);

    /** {@code overrides}: kind wire name → providers in order, from the config. */
    public Routing(Map<String, List<String>> overrides) {
        DEFAULT_ORDERS.forEach((k, order) -> orders.put(k, overrides.getOrDefault(k.wire(), order)));
    }

    /** The kinds the config may give an order for. */
    public static List<String> routableKinds() {
        return java.util.Arrays.stream(TaskKind.values()).filter(TaskKind::routable).map(TaskKind::wire).toList();
    }

    /** The kind of a task as routing sees it; a task naming several files or an API is complex work. */
    public static TaskKind classify(String task) {
        String text = task.toLowerCase(Locale.ROOT);
        // only the opening of a long prompt says what the task is; the rest is material
        String head = text.length() > 2000 ? text.substring(0, 2000) : text;
        TaskKind.Match m = TaskKind.classify(head);
        TaskKind kind = m.kind().routed();
        if (kind != TaskKind.COMPLEX && SPANNING.matcher(head).results().count() > m.hits()) {
            return TaskKind.COMPLEX;
        }
        return kind;
    }

    /** The providers tried, in order, for work of {@code kind}. */
    public List<String> order(TaskKind kind) {
        return orders.getOrDefault(kind.routed(), List.of());
    }

    /** The first provider for the task's kind that is usable here, or empty when none is. */
    public Optional<Choice> choose(String task, Predicate<String> usable) {
        TaskKind kind = classify(task);
        for (String p : orders.get(kind)) {
            if (usable.test(p)) {
                return Optional.of(new Choice(p, kind));
            }
        }
        for (String p : orders.get(TaskKind.COMPLEX)) {
            if (usable.test(p)) {
                return Optional.of(new Choice(p, TaskKind.COMPLEX));
            }
        }
        return Optional.empty();
    }
}
