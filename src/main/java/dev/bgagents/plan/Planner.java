package dev.bgagents.plan;

import dev.bgagents.routing.TaskKind;
import dev.bgagents.text.Clip;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Turns a plan (markdown, or tasks the host already split) into a session: tasks with their
 * dependencies, waves, providers and task files — everything checked before anything is written.
 */
public final class Planner {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern HOST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,39}");
    static final int MAX_TASKS = 50;

    /** Picks a provider for a task by its text (the {@code auto} routing). */
    public interface ProviderChoice {
        Choice choose(String taskText);
    }

    public record Choice(String provider, String why) {
    }

    /** A task the host decomposed itself. */
    public record HostTask(String id, String title, String prompt, List<String> dependsOn, List<String> files,
                           String provider) {
    }

    /** A session ready to write: its status, its task files by relative path, and the plan's text. */
    public record Draft(PlanStatus status, Map<String, String> taskFiles, String planMarkdown) {
    }

    /** What every task of a plan shares: where it runs and how its result is verified. */
    public record Setting(String feature, String workdir, Instant now, String verifyCommand,
                          ProviderChoice router, Predicate<String> knownProvider) {
    }

    private Planner() {
    }

    public static Draft fromMarkdown(String markdown, Setting s) throws PlanException {
        PlanParser.Parsed parsed = PlanParser.parse(markdown);
        List<TaskDraft> drafts = parsed.tasks();
        checkCount(drafts.size());
        List<TaskGraph.Node> nodes = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            TaskDraft d = drafts.get(i);
            List<String> files = d.files() != null ? d.files() : d.mentioned();
            nodes.add(new TaskGraph.Node(String.valueOf(i + 1), d.label(), d.title(), d.text(), d.dependsOn(), files,
                    kindOfTitle(d.title()), true));
        }
        List<String> bodies = drafts.stream().map(TaskDraft::body).toList();
        List<String> providers = drafts.stream().map(TaskDraft::provider).toList();
        List<Boolean> reviews = drafts.stream().map(TaskDraft::review).toList();
        List<String> runners = drafts.stream().map(TaskDraft::runner).toList();
        String feature = s.feature() != null ? s.feature() : parsed.title() != null ? parsed.title() : "plan";
        return build(nodes, bodies, providers, reviews, runners, parsed.title(), parsed.context(), feature, s,
                markdown);
    }

    public static Draft fromTasks(List<HostTask> tasks, Setting s) throws PlanException {
        if (tasks.isEmpty()) {
            throw new PlanException("tasks is empty: pass at least one task, or a plan");
        }
        checkCount(tasks.size());
        Set<String> ids = new HashSet<>();
        List<TaskGraph.Node> nodes = new ArrayList<>();
        for (HostTask t : tasks) {
            if (t.id() == null || !HOST_ID.matcher(t.id()).matches()) {
                throw new PlanException("task id \"" + (t.id() == null ? "" : Clip.oneLine(t.id(), 60)) + "\" is not usable: ids "
                        + "are 1-40 letters, digits, _ . or -");
            }
            if (!ids.add(t.id())) {
                throw new PlanException("task id \"" + t.id() + "\" appears twice: give every task its own id");
            }
            if ((t.title() == null || t.title().isBlank()) && (t.prompt() == null || t.prompt().isBlank())) {
                throw new PlanException("task \"" + t.id() + "\" has neither title nor prompt: say what it should do");
            }
        }
        for (HostTask t : tasks) {
            for (String d : t.dependsOn()) {
                if (!ids.contains(d)) {
                    throw new PlanException("task \"" + t.id() + "\" depends on \"" + Clip.oneLine(d, 60) + "\", which is not "
                            + "a task id here: ids are " + String.join(", ", ids.stream().sorted().toList()));
                }
            }
            String title = t.title() != null && !t.title().isBlank() ? t.title().strip()
                    : t.prompt().strip().lines().findFirst().orElse(t.id());
            String prompt = t.prompt() != null && !t.prompt().isBlank() ? t.prompt() : title;
            nodes.add(new TaskGraph.Node(t.id(), null, clipTitle(title), title + "\n" + prompt, t.dependsOn(),
                    t.files().stream().map(TaskLines::normalizePath).toList(), kindOfTitle(title), false));
        }
        List<String> bodies = tasks.stream().map(t -> t.prompt() != null && !t.prompt().isBlank() ? t.prompt()
                : t.title()).toList();
        List<String> providers = tasks.stream().map(HostTask::provider).toList();
        return build(nodes, bodies, providers, java.util.Collections.nCopies(nodes.size(), false),
                java.util.Collections.nCopies(nodes.size(), null), null, "", s.feature() != null ? s.feature() : "plan", s, null);
    }

    private static Draft build(List<TaskGraph.Node> nodes, List<String> bodies, List<String> providers,
                               List<Boolean> reviews, List<String> runners, String title,
                               String context, String featureName, Setting s, String markdown) throws PlanException {
        String feature = slug(featureName, 40);
        if (feature.isEmpty()) {
            throw new PlanException("feature \"" + Clip.oneLine(featureName, 60) + "\" has no letters or digits: name the feature");
        }
        for (int i = 0; i < providers.size(); i++) {
            String p = providers.get(i);
            if (p != null && !p.equals("auto") && !s.knownProvider().test(p)) {
                throw new PlanException("task " + nodes.get(i).id() + " names provider \"" + Clip.oneLine(p, 60) + "\", which "
                        + "is not a known provider: use claude, codex, gemini, opencode, ollama, auto or one from "
                        + "bg-agents.json");
            }
        }
        TaskGraph.Result order = TaskGraph.order(nodes);
        Map<String, Integer> waveOf = new java.util.HashMap<>();
        for (int w = 0; w < order.waves().size(); w++) {
            for (String id : order.waves().get(w)) {
                waveOf.put(id, w + 1);
            }
        }
        String session = STAMP.format(s.now().atZone(ZoneId.systemDefault())) + "_" + feature;
        List<PlanTask> tasks = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            TaskGraph.Node n = nodes.get(i);
            String slug = slug(n.title(), 40);
            if (slug.isEmpty()) {
                slug = "task";
            }
            String unique = slug;
            for (int k = 2; !slugs.add(unique); k++) {
                unique = slug + "-" + k;
            }
            Choice choice = providers.get(i) != null && !providers.get(i).equals("auto")
                    ? new Choice(providers.get(i), "named by the plan")
                    : s.router().choose(n.title() + "\n" + bodies.get(i));
            Map<String, String> why = order.deps().get(n.id());
            int number = i + 1;
            String taskFile = "tasks/" + String.format("%02d-%s", number, unique) + ".md";
            tasks.add(new PlanTask(n.id(), number, unique, n.title(), n.category().wire(), choice.provider(),
                    choice.why(), List.copyOf(why.keySet()), why, n.files(), taskFile, waveOf.get(n.id()), null, null,
                    null, reviews.get(i), null, runners.get(i)));
        }
        PlanStatus full = new PlanStatus(session, feature, title, s.workdir(), s.now(), order.waves(), tasks);
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            files.put(tasks.get(i).taskFile(), TaskFile.render(full, tasks.get(i), bodies.get(i), context,
                    s.verifyCommand()));
        }
        return new Draft(full, files, markdown);
    }

    /**
     * By the title alone: a body mentions everything ("register", "the API") in passing, and a
     * wrong kind invents an order the plan never meant. "Order model, after the migration" is a
     * model task: what it waits for is not what it is.
     */
    static TaskKind kindOfTitle(String title) {
        return TaskKind.of(title.split("(?i)\\b(after|using|uses|once|builds? on|on top of|requires?|needs?|relies on|"
                + "depends on)\\b", 2)[0]); // the limit keeps a title that is only the word ("Depends on") a part
    }

    private static void checkCount(int n) throws PlanException {
        if (n > MAX_TASKS) {
            throw new PlanException("the plan has " + n + " tasks; at most " + MAX_TASKS + " run as one plan: "
                    + "split it into several plans");
        }
    }

    /** Lower-case words joined by dashes, at most {@code max} characters, cut at a word. */
    static String slug(String text, int max) {
        String s = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > max) {
            s = s.substring(0, max);
            int cut = s.lastIndexOf('-');
            s = cut > max / 2 ? s.substring(0, cut) : s;
        }
        return s.replaceAll("-+$", "");
    }

    private static String clipTitle(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 100 ? line : line.substring(0, 99) + "…";
    }

}
