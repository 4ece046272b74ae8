package dev.bgagents.plan;

import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.bgagents.plan.MarkdownSource.children;
import static dev.bgagents.plan.MarkdownSource.plain;

/**
 * Finds the tasks in a plan written for people. The plan is parsed as CommonMark; the tasks are
 * the headings or list items of its "Tasks" section when it has one, otherwise its checkbox
 * items, its numbered headings, a level of section headings, or its numbered list, in that
 * order of preference. Each task keeps its own markdown as the agent's goal.
 */
public final class PlanParser {
    /** Plans larger than this are refused: a plan is read by people and fits far below it. */
    public static final int MAX_CHARS = 1_000_000;

    private static final Pattern TASKS_HEADING = Pattern.compile("(?i)(the\\s+)?(tasks?|task list|steps|"
            + "implementation( steps| tasks| plan)?|work items|work breakdown|breakdown|to ?do|changes|"
            + "milestones|work plan|plan)");
    private static final Pattern NOT_A_TASK = Pattern.compile("(?i)(background|context|overview|summary|goals?|"
            + "non-goals?|motivation|notes?|open questions|questions|risks?|references?|out of scope|scope|"
            + "acceptance criteria|introduction|problem( statement)?|rollout|timeline|architecture|design|"
            + "constraints|verification|testing strategy|how to test|glossary|appendix|status|links|"
            + "requirements|assumptions|dependencies|success criteria|prerequisites)");

    /** The plan: its title, the text that is not a task (background for every agent), and the tasks. */
    public record Parsed(String title, String context, List<TaskDraft> tasks) {
    }

    private final MarkdownSource source;
    private final ListItemTasks listItems;

    private PlanParser(String markdown) {
        this.source = new MarkdownSource(markdown);
        this.listItems = new ListItemTasks(source);
    }

    public static Parsed parse(String markdown) throws PlanException {
        if (markdown == null || markdown.isBlank()) {
            throw new PlanException("the plan is empty: pass the plan's markdown (or plan_path), or tasks");
        }
        if (markdown.length() > MAX_CHARS) {
            throw new PlanException("the plan is " + markdown.length() / 1024 + " KB; plans are at most "
                    + MAX_CHARS / 1000 + " KB: pass the tasks part, or tasks");
        }
        String md = markdown.replace("\r\n", "\n");
        return new PlanParser(md).run();
    }

    private Parsed run() throws PlanException {
        Node doc = Parser.builder()
                .extensions(List.of(TaskListItemsExtension.create()))
                .includeSourceSpans(IncludeSourceSpans.BLOCKS)
                .build()
                .parse(source.text());
        List<Node> top = children(doc);
        String title = null;
        for (Node n : top) {
            if (n instanceof Heading h) {
                title = h.getLevel() == 1 ? plain(h).strip() : null;
                break;
            }
        }
        List<Section> found = new ArrayList<>();
        int from = 0;
        int to = top.size();
        boolean inSection = false;
        for (int i = 0; i < top.size(); i++) {
            if (top.get(i) instanceof Heading h && TASKS_HEADING.matcher(TaskTitles.stripNumber(plain(h))).matches()) {
                from = i + 1;
                to = nextHeading(top, from, h.getLevel(), top.size());
                inSection = true;
                break;
            }
        }
        if (inSection) {
            found = headingTasks(top, from, to, true);
            if (found.isEmpty()) {
                found = listItems.inLists(top, from, to, true);
            }
        } else {
            found = listItems.checkboxes(top);
            if (found.isEmpty()) {
                found = headingTasks(top, 0, top.size(), false);
            }
            if (found.isEmpty()) {
                found = listItems.inLists(top, 0, top.size(), false);
            }
        }
        if (found.isEmpty()) {
            throw new PlanException("no tasks found in the plan: list them as numbered items, checkbox items "
                    + "(- [ ] ...) or headings, ideally under a \"## Tasks\" heading");
        }
        List<TaskDraft> tasks = new ArrayList<>();
        Set<Node> owned = new LinkedHashSet<>();
        for (Section s : found) {
            tasks.add(s.draft);
            owned.addAll(s.topNodes);
        }
        return new Parsed(title, context(top, owned, title != null), tasks);
    }

    /** One task found, with the top-level nodes it takes out of the plan's background. */
    record Section(TaskDraft draft, List<Node> topNodes) {
    }

    private List<Section> headingTasks(List<Node> top, int from, int to, boolean inSection) {
        List<Heading> headings = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (top.get(i) instanceof Heading h) {
                headings.add(h);
            }
        }
        int level = -1;
        if (inSection) {
            level = headings.stream().mapToInt(Heading::getLevel).min().orElse(-1);
        } else {
            // numbered headings ("## 2. Models", "### Task 3: ...") say plainly that they are tasks
            int bestNumbered = 0;
            for (int l = 1; l <= 6; l++) {
                int lv = l;
                int numbered = (int) headings.stream().filter(h -> h.getLevel() == lv && TaskTitles.number(plain(h)) != null).count();
                if (numbered > bestNumbered) {
                    bestNumbered = numbered;
                    level = l;
                }
            }
            if (level > 0) {
                int lv = level;
                headings.removeIf(h -> h.getLevel() == lv && TaskTitles.number(plain(h)) == null);
            } else {
                for (int l = 1; l <= 6 && level < 0; l++) {
                    int lv = l;
                    long candidates = headings.stream().filter(h -> h.getLevel() == lv && isTaskHeading(h)).count();
                    if (candidates >= 2) {
                        level = l;
                    }
                }
            }
        }
        List<Section> out = new ArrayList<>();
        if (level < 0) {
            return out;
        }
        for (int i = from; i < to; i++) {
            if (!(top.get(i) instanceof Heading h) || h.getLevel() != level || !isTaskHeading(h)) {
                continue;
            }
            int end = nextHeading(top, i + 1, level, to);
            List<Node> body = top.subList(i + 1, end);
            String text = plain(h).strip();
            String[] numbered = TaskTitles.number(text);
            String label = numbered == null ? null : numbered[0];
            String taskTitle = numbered == null ? text : numbered[1];
            String bodyMd = body.isEmpty() ? "" : source.of(body.get(0), body.get(body.size() - 1)).strip();
            List<Node> owned = new ArrayList<>(top.subList(i, end));
            out.add(new Section(TaskLines.draft(label, taskTitle, bodyMd, body), owned));
        }
        return out;
    }

    private boolean isTaskHeading(Heading h) {
        String t = TaskTitles.stripNumber(plain(h)).strip();
        return !t.isEmpty() && !NOT_A_TASK.matcher(t).matches() && !TASKS_HEADING.matcher(t).matches();
    }

    private static int nextHeading(List<Node> top, int from, int level, int limit) {
        for (int i = from; i < limit; i++) {
            if (top.get(i) instanceof Heading h && h.getLevel() <= level) {
                return i;
            }
        }
        return limit;
    }

    /** Everything that is not a task nor the title: the background every agent is given. */
    private String context(List<Node> top, Set<Node> owned, boolean skipTitle) {
        StringBuilder out = new StringBuilder();
        boolean titleSkipped = !skipTitle;
        for (Node n : top) {
            if (!titleSkipped && n instanceof Heading h && h.getLevel() == 1) {
                titleSkipped = true;
                continue;
            }
            if (owned.contains(n) || (n instanceof Heading h && TASKS_HEADING.matcher(TaskTitles.stripNumber(plain(h))).matches())) {
                continue;
            }
            out.append(source.of(n, n).strip()).append("\n\n");
        }
        return out.toString().strip();
    }
}
