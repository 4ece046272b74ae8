package dev.bgagents.plan;

import dev.bgagents.routing.TaskKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one task of a plan names another: on a "Depends on:" line (a number, an id, a title or
 * words of it, or a kind — "the migration") or in its prose ("after the migration", "using the
 * models", "builds on task 2").
 */
final class TaskReferences {
    private static final Pattern PROSE = Pattern.compile("(?i)\\b(after|using|uses|once|builds? on|on top of|"
            + "requires?|needs?|relies on|depends on)\\s+(?:the\\s+|a\\s+|an\\s+)?"
            + "((?:task|step)\\s*#?\\d+|#\\d+|[\\w-]+(?:\\s+[\\w-]+){0,3})");
    private static final Set<String> STOP = Set.of("the", "a", "an", "and", "or", "of", "for", "to", "in", "on",
            "with", "add", "new", "create", "update", "implement", "write", "task", "step", "it", "this", "that",
            "is", "are", "be", "all", "each", "from", "by", "into");

    private final List<TaskGraph.Node> nodes;
    private final Map<String, TaskGraph.Node> byId;

    TaskReferences(List<TaskGraph.Node> nodes, Map<String, TaskGraph.Node> byId) {
        this.nodes = nodes;
        this.byId = byId;
    }

    /** A reference on a "Depends on:" line: a number, an id, or a title (whole, or words of it). */
    TaskGraph.Node resolve(String ref, TaskGraph.Node self) {
        String r = ref.strip().replaceAll("^[\"'`]|[\"'`]$", "");
        Matcher num = Pattern.compile("(?i)^(?:task|step|#|t)?\\s*#?0*(\\d+)$").matcher(r);
        if (num.matches()) {
            String n = num.group(1).isEmpty() ? "0" : num.group(1);
            for (TaskGraph.Node c : nodes) {
                if (n.equals(c.label())) {
                    return c;
                }
            }
            return byId.get(n);
        }
        if (byId.containsKey(r)) {
            return byId.get(r);
        }
        for (TaskGraph.Node c : nodes) {
            if (c.title().equalsIgnoreCase(r)) {
                return c;
            }
        }
        List<TaskGraph.Node> matches = new ArrayList<>();
        Set<String> words = words(r);
        if (!words.isEmpty()) {
            for (TaskGraph.Node c : nodes) {
                if (c != self && words(c.title()).containsAll(words)) {
                    matches.add(c);
                }
            }
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        // "the migration": the one task of that category
        TaskKind cat = TaskKind.of(r);
        if (cat != TaskKind.COMPLEX) {
            List<TaskGraph.Node> ofCat = nodes.stream().filter(c -> c != self && c.category() == cat).toList();
            if (ofCat.size() == 1) {
                return ofCat.get(0);
            }
        }
        return null;
    }

    /**
     * Dependencies stated in words: "after the migration", "using the models", "builds on task 2".
     * Only earlier tasks count, and only a category word, a task number or two words of a title
     * — a lone common word ("after the user logs in") names nothing.
     */
    Map<TaskGraph.Node, String> prose(TaskGraph.Node n, int index) {
        Map<TaskGraph.Node, String> out = new LinkedHashMap<>();
        List<TaskGraph.Node> earlier = nodes.subList(0, index);
        Matcher m = PROSE.matcher(n.text());
        while (m.find()) {
            String phrase = m.group(2);
            Matcher num = Pattern.compile("(?i)^(?:task|step)?\\s*#?(\\d+)$").matcher(phrase.strip());
            if (num.matches()) {
                for (TaskGraph.Node c : earlier) {
                    if (num.group(1).equals(c.label()) || num.group(1).equals(c.id())) {
                        out.putIfAbsent(c, m.group().strip());
                    }
                }
                continue;
            }
            String[] w = phrase.toLowerCase(Locale.ROOT).split("\\s+");
            boolean found = false;
            for (int len = w.length; len >= 2 && !found; len--) {
                Set<String> hw = words(String.join(" ", java.util.Arrays.copyOf(w, len)));
                if (hw.size() >= 2) {
                    for (TaskGraph.Node c : earlier) {
                        if (words(c.title()).containsAll(hw)) {
                            out.putIfAbsent(c, m.group().strip());
                            found = true;
                        }
                    }
                }
            }
            TaskKind cat = TaskKind.of(phrase);
            if (!found && cat != TaskKind.COMPLEX && cat != n.category()) {
                for (TaskGraph.Node c : earlier) {
                    if (c.category() == cat) {
                        out.putIfAbsent(c, m.group().strip());
                    }
                }
            }
        }
        return out;
    }

    private static Set<String> words(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOP.contains(w)) {
                out.add(w.length() > 3 && w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
            }
        }
        return out;
    }
}
