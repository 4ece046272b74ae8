package dev.bgagents.plan;

import dev.bgagents.routing.TaskKind;
import dev.bgagents.text.Clip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders tasks: the dependencies the plan states (by number, id or title, on a "Depends on:" line
 * or in words such as "after the migration"), the category order where it states none, and file
 * ownership — two tasks touching the same file are never in one wave, the later one waits.
 * Waves are the topological layers. A cycle is refused, named.
 */
public final class TaskGraph {

    /**
     * A task to order. {@code refs} are its "Depends on:" entries (null: the plan said nothing,
     * so its words and its category decide); {@code infer} is false for tasks the host decomposed
     * itself, whose dependencies are taken as given.
     */
    public record Node(String id, String label, String title, String text, List<String> refs, List<String> files,
                       TaskKind category, boolean infer) {
    }

    /** Each task's dependencies (id → why) and the waves, first wave first. */
    public record Result(Map<String, Map<String, String>> deps, List<List<String>> waves) {
    }


    private final List<Node> nodes;
    private final Map<String, Node> byId = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> deps = new LinkedHashMap<>();
    private final TaskReferences references;

    private TaskGraph(List<Node> nodes) {
        this.nodes = nodes;
        for (Node n : nodes) {
            byId.put(n.id(), n);
            deps.put(n.id(), new LinkedHashMap<>());
        }
        this.references = new TaskReferences(nodes, byId);
    }

    public static Result order(List<Node> nodes) throws PlanException {
        TaskGraph g = new TaskGraph(nodes);
        g.stated();
        g.checkCycles();
        g.inferred();
        g.ownership();
        return new Result(g.frozenDeps(), g.waves());
    }

    private void stated() throws PlanException {
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.refs() != null) {
                for (String ref : n.refs()) {
                    Node target = references.resolve(ref, n);
                    if (target == null) {
                        throw new PlanException(name(n) + " depends on \"" + Clip.oneLine(ref, 60) + "\", which is not a task "
                                + "of this plan: name a task by its number, id or title");
                    }
                    if (target == n) {
                        throw new PlanException(name(n) + " depends on itself: remove \"" + Clip.oneLine(ref, 60) + "\"");
                    }
                    deps.get(n.id()).put(target.id(), "stated");
                }
            } else if (n.infer()) {
                for (Map.Entry<Node, String> e : references.prose(n, i).entrySet()) {
                    deps.get(n.id()).putIfAbsent(e.getKey().id(), "says \"" + e.getValue() + "\"");
                }
            }
        }
    }

    /** The category chain, for tasks whose plan entry states no order at all. */
    private void inferred() {
        for (Node n : nodes) {
            int step = n.category().step();
            if (!n.infer() || n.refs() != null || !deps.get(n.id()).isEmpty() || step <= 0) {
                continue;
            }
            for (int s = step - 1; s >= 0; s--) {
                int want = s;
                List<Node> below = nodes.stream().filter(c -> c != n && c.category().step() == want).toList();
                if (below.isEmpty()) {
                    continue;
                }
                for (Node d : below) {
                    // never against the plan's own statements: an inferred edge that would close a cycle is dropped
                    if (!reaches(d.id(), n.id())) {
                        deps.get(n.id()).put(d.id(), n.category().wire() + " come after " + d.category().wire());
                    }
                }
                break;
            }
        }
    }

    /** Two tasks touching the same file are ordered: the later one in the plan waits for the earlier. */
    private void ownership() {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                Node a = nodes.get(i);
                Node b = nodes.get(j);
                String shared = shared(a.files(), b.files());
                if (shared == null || reaches(a.id(), b.id()) || reaches(b.id(), a.id())) {
                    continue;
                }
                deps.get(b.id()).put(a.id(), "both touch " + shared);
            }
        }
    }

    static String shared(List<String> a, List<String> b) {
        for (String x : a) {
            for (String y : b) {
                if (overlaps(x, y)) {
                    return x.length() >= y.length() ? x : y;
                }
            }
        }
        return null;
    }

    static boolean overlaps(String x, String y) {
        String a = x.endsWith("/") ? x.substring(0, x.length() - 1) : x;
        String b = y.endsWith("/") ? y.substring(0, y.length() - 1) : y;
        return a.equals(b) || b.startsWith(a + "/") || a.startsWith(b + "/");
    }

    /** Whether {@code from} depends, directly or not, on {@code to}. */
    private boolean reaches(String from, String to) {
        Deque<String> todo = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (c.equals(to)) {
                return true;
            }
            if (seen.add(c)) {
                todo.addAll(deps.get(c).keySet());
            }
        }
        return false;
    }

    private void checkCycles() throws PlanException {
        Map<String, Integer> state = new HashMap<>();
        for (Node n : nodes) {
            List<String> cycle = cycleFrom(n.id(), state, new ArrayList<>());
            if (cycle != null) {
                List<String> named = cycle.stream().map(id -> name(byId.get(id))).toList();
                throw new PlanException("the dependencies form a cycle: " + String.join(" → ", named)
                        + ": remove one of these dependencies");
            }
        }
    }

    private List<String> cycleFrom(String id, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(id);
        if (s != null && s == 2) {
            return null;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (String d : deps.get(id).keySet()) {
            List<String> c = cycleFrom(d, state, path);
            if (c != null) {
                return c;
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return null;
    }

    private List<List<String>> waves() {
        Map<String, Integer> layer = new HashMap<>();
        int max = 0;
        for (Node n : nodes) {
            max = Math.max(max, layer(n.id(), layer));
        }
        List<List<String>> waves = new ArrayList<>();
        for (int w = 1; w <= max; w++) {
            int want = w;
            waves.add(nodes.stream().map(Node::id).filter(id -> layer.get(id) == want).toList());
        }
        return waves;
    }

    private int layer(String id, Map<String, Integer> memo) {
        Integer known = memo.get(id);
        if (known != null) {
            return known;
        }
        int l = 1;
        for (String d : deps.get(id).keySet()) {
            l = Math.max(l, layer(d, memo) + 1);
        }
        memo.put(id, l);
        return l;
    }

    private Map<String, Map<String, String>> frozenDeps() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            // listed in plan order, whatever order they were found in
            Map<String, String> d = new LinkedHashMap<>();
            for (Node c : nodes) {
                if (deps.get(n.id()).containsKey(c.id())) {
                    d.put(c.id(), deps.get(n.id()).get(c.id()));
                }
            }
            out.put(n.id(), d);
        }
        return out;
    }

    private static String name(Node n) {
        String t = n.title().length() <= 40 ? n.title() : n.title().substring(0, 39) + "…";
        return "task " + n.id() + " (" + t + ")";
    }

}
