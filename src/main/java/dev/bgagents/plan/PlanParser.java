package dev.bgagents.plan;

import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Block;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern NUMBERED_WORD = Pattern.compile(
            "(?i)^(?:task|step|phase|part|item)\\s*#?(\\d{1,3})\\b\\s*[.):\\-–—]*\\s*(.*)$");
    private static final Pattern NUMBERED = Pattern.compile("^#?(\\d{1,3})(?:[.)]\\s+|\\s*[:\\-–—]\\s+)(.+)$");
    private static final Pattern DEPENDS = Pattern.compile(
            "(?i)^\\s*(?:depends on|depends|dependencies|deps|after|requires|blocked by|needs)\\s*[:：]\\s*(.*)$");
    private static final Pattern FILES = Pattern.compile(
            "(?i)^\\s*(?:files?|owns|touches|paths?)\\s*[:：]\\s*(.*)$");
    private static final Pattern PROVIDER = Pattern.compile("(?i)^\\s*(?:provider|agent)\\s*[:：]\\s*`?([\\w.-]+)");
    private static final Pattern NONE = Pattern.compile("(?i)(none|nothing|n/?a|-|—|–|no dependencies|independent)\\.?");
    private static final Pattern PATH = Pattern.compile("(?!https?:)[\\w.-]*[A-Za-z][\\w.-]*(?:/[\\w.-]+)*/?");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("py", "js", "mjs", "cjs", "ts", "tsx", "jsx",
            "java", "kt", "kts", "go", "rs", "rb", "php", "cs", "c", "h", "cc", "cpp", "hpp", "sql", "md", "json",
            "yaml", "yml", "toml", "xml", "html", "css", "scss", "vue", "svelte", "sh", "txt", "proto", "gradle",
            "properties", "cfg", "ini", "swift", "scala", "ex", "exs", "dart", "lua", "tf", "graphql", "erb");

    /** The plan: its title, the text that is not a task (background for every agent), and the tasks. */
    public record Parsed(String title, String context, List<TaskDraft> tasks) {
    }

    private final String source;
    private final List<Integer> lineStarts = new ArrayList<>();

    private PlanParser(String source) {
        this.source = source;
        lineStarts.add(0);
        for (int i = 0; i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                lineStarts.add(i + 1);
            }
        }
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
                .parse(source);
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
            if (top.get(i) instanceof Heading h && TASKS_HEADING.matcher(stripNumber(plain(h))).matches()) {
                from = i + 1;
                to = nextHeading(top, from, h.getLevel(), top.size());
                inSection = true;
                break;
            }
        }
        if (inSection) {
            found = headingTasks(top, from, to, true);
            if (found.isEmpty()) {
                found = listTasks(top, from, to, true);
            }
        } else {
            found = checkboxTasks(top);
            if (found.isEmpty()) {
                found = headingTasks(top, 0, top.size(), false);
            }
            if (found.isEmpty()) {
                found = listTasks(top, 0, top.size(), false);
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
    private record Section(TaskDraft draft, List<Node> topNodes) {
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
                int numbered = (int) headings.stream().filter(h -> h.getLevel() == lv && number(plain(h)) != null).count();
                if (numbered > bestNumbered) {
                    bestNumbered = numbered;
                    level = l;
                }
            }
            if (level > 0) {
                int lv = level;
                headings.removeIf(h -> h.getLevel() == lv && number(plain(h)) == null);
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
            String[] numbered = number(text);
            String label = numbered == null ? null : numbered[0];
            String taskTitle = numbered == null ? text : numbered[1];
            String bodyMd = body.isEmpty() ? "" : sourceOf(body.get(0), body.get(body.size() - 1)).strip();
            List<Node> owned = new ArrayList<>(top.subList(i, end));
            out.add(new Section(draft(label, taskTitle, bodyMd, body), owned));
        }
        return out;
    }

    private boolean isTaskHeading(Heading h) {
        String t = stripNumber(plain(h)).strip();
        return !t.isEmpty() && !NOT_A_TASK.matcher(t).matches() && !TASKS_HEADING.matcher(t).matches();
    }

    private List<Section> checkboxTasks(List<Node> top) {
        List<Section> out = new ArrayList<>();
        for (Node n : top) {
            if (n instanceof ListBlock list) {
                for (Node item : children(list)) {
                    // a ticked box is done already: not a task to run
                    if (item instanceof ListItem li && checkbox(li) && !done(li)) {
                        out.add(itemTask(li, null, List.of(n)));
                    }
                }
            }
        }
        return out;
    }

    private List<Section> listTasks(List<Node> top, int from, int to, boolean inSection) {
        List<Section> out = new ArrayList<>();
        boolean anyCheckbox = false;
        for (int i = from; i < to; i++) {
            if (top.get(i) instanceof ListBlock list) {
                anyCheckbox |= children(list).stream().anyMatch(c -> c instanceof ListItem li && checkbox(li));
            }
        }
        for (int i = from; i < to; i++) {
            Node n = top.get(i);
            if (!(n instanceof OrderedList) && !(inSection && n instanceof BulletList)) {
                continue;
            }
            int number = n instanceof OrderedList ol ? startNumber(ol) : 1;
            for (Node item : children(n)) {
                if (item instanceof ListItem li && (!anyCheckbox || checkbox(li)) && !done(li)) {
                    out.add(itemTask(li, n instanceof OrderedList ? String.valueOf(number) : null, List.of(n)));
                }
                number++;
            }
        }
        return out;
    }

    private static int startNumber(OrderedList ol) {
        Integer n = ol.getMarkerStartNumber();
        return n == null ? 1 : n;
    }

    private Section itemTask(ListItem item, String label, List<Node> owned) {
        List<Node> blocks = new ArrayList<>();
        for (Node c : children(item)) {
            if (!(c instanceof TaskListItemMarker)) {
                blocks.add(c);
            }
        }
        String title = "";
        if (!blocks.isEmpty() && blocks.get(0) instanceof Paragraph p) {
            title = itemTitle(p);
        }
        String[] numbered = number(title);
        if (numbered != null && label == null) {
            label = numbered[0];
            title = numbered[1];
        }
        return new Section(draft(label, title, itemSource(item), blocks), owned);
    }

    /** A list item's title: its bold lead-in, else its first line up to a colon or dash, else its first sentence. */
    private static String itemTitle(Paragraph p) {
        Node first = p.getFirstChild();
        // the task-list extension leaves an empty text node where the checkbox was
        while (first instanceof Text t && t.getLiteral().isBlank() && first.getNext() != null) {
            first = first.getNext();
        }
        String line = plain(p).strip().lines().findFirst().orElse("").strip();
        if (first instanceof StrongEmphasis strong) {
            String t = plain(strong).strip().replaceAll("[:.\\-–—]+$", "").strip();
            String rest = line.substring(Math.min(line.length(), plain(strong).strip().length())).strip();
            // "**Models**: ..." is a title; "**Wire up** the middleware, ..." is the start of a sentence
            if (!t.isEmpty() && (rest.isEmpty() || rest.matches("^[:.\\-–—(].*") || t.split("\\s+").length >= 3)) {
                return t;
            }
            Matcher clause = Pattern.compile("^(.{10,100}?)(?:,\\s|[.;:]\\s|[.;:]$)").matcher(line);
            if (clause.find()) {
                return clause.group(1);
            }
        }
        line = line.replaceFirst("^\\[[ xX]]\\s*", "");
        Matcher head = Pattern.compile("^(.{3,60}?)(?::\\s|\\s[-–—]\\s)").matcher(line);
        if (head.find()) {
            return head.group(1).strip();
        }
        Matcher sentence = Pattern.compile("^(.{10,100}?[.!?])\\s").matcher(line);
        if (sentence.find()) {
            return sentence.group(1).replaceAll("[.]$", "");
        }
        return line.length() <= 100 ? line : line.substring(0, 99) + "…";
    }

    private TaskDraft draft(String label, String title, String bodyMarkdown, List<Node> blocks) {
        List<String> deps = null;
        List<String> files = null;
        String provider = null;
        StringBuilder text = new StringBuilder(title).append('\n');
        for (Node b : blocks) {
            text.append(plain(b)).append('\n');
        }
        for (String line : text.toString().split("\n")) {
            Matcher m = DEPENDS.matcher(line);
            if (m.matches() && deps == null) {
                deps = NONE.matcher(m.group(1).strip()).matches() ? List.of() : split(m.group(1));
                continue;
            }
            m = FILES.matcher(line);
            if (m.matches() && files == null) {
                files = split(m.group(1)).stream().map(PlanParser::normalizePath).filter(s -> !s.isEmpty()).toList();
                continue;
            }
            m = PROVIDER.matcher(line);
            if (m.find() && provider == null) {
                provider = m.group(1).toLowerCase(Locale.ROOT);
            }
        }
        List<String> mentioned = new ArrayList<>();
        for (Node b : blocks) {
            b.accept(new AbstractVisitor() {
                @Override
                public void visit(Code code) {
                    String c = code.getLiteral().strip();
                    if (looksLikePath(c) && !mentioned.contains(normalizePath(c))) {
                        mentioned.add(normalizePath(c));
                    }
                }
            });
        }
        String body = bodyMarkdown.isBlank() ? title : bodyMarkdown;
        return new TaskDraft(label, title.isBlank() ? clipLine(body) : title, body, text.toString().strip(), deps,
                files, mentioned, provider);
    }

    static boolean looksLikePath(String s) {
        if (s.startsWith("/") || s.startsWith("-") || !PATH.matcher(s).matches()) {
            return false;
        }
        if (s.contains("/")) {
            return true;
        }
        int dot = s.lastIndexOf('.');
        return dot > 0 && SOURCE_EXTENSIONS.contains(s.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String normalizePath(String p) {
        String s = p.strip().replace("`", "");
        while (s.startsWith("./")) {
            s = s.substring(2);
        }
        return s;
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",|;|\\s+and\\s+|\\s*&\\s*")) {
            String p = part.strip().replaceAll("[.]$", "").strip();
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String clipLine(String s) {
        String line = s.strip().lines().findFirst().orElse("task");
        return line.length() <= 80 ? line : line.substring(0, 79) + "…";
    }

    /** ["3", "Models"] for "3. Models" or "Task 3: Models"; null when the text carries no number. */
    static String[] number(String text) {
        String t = text.strip();
        Matcher m = NUMBERED_WORD.matcher(t);
        if (m.matches()) {
            return new String[]{String.valueOf(Integer.parseInt(m.group(1))), m.group(2).strip()};
        }
        m = NUMBERED.matcher(t);
        if (m.matches()) {
            return new String[]{String.valueOf(Integer.parseInt(m.group(1))), m.group(2).strip()};
        }
        return null;
    }

    private static String stripNumber(String text) {
        String[] n = number(text);
        return (n == null ? text : n[1]).strip().replaceAll("[:.]$", "");
    }

    private static int nextHeading(List<Node> top, int from, int level, int limit) {
        for (int i = from; i < limit; i++) {
            if (top.get(i) instanceof Heading h && h.getLevel() <= level) {
                return i;
            }
        }
        return limit;
    }

    private static boolean checkbox(ListItem item) {
        return item.getFirstChild() instanceof TaskListItemMarker;
    }

    private static boolean done(ListItem item) {
        return item.getFirstChild() instanceof TaskListItemMarker m && m.isChecked();
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
            if (owned.contains(n) || (n instanceof Heading h && TASKS_HEADING.matcher(stripNumber(plain(h))).matches())) {
                continue;
            }
            out.append(sourceOf(n, n).strip()).append("\n\n");
        }
        return out.toString().strip();
    }

    /** The markdown a list item was written as, without its marker and indentation. */
    private String itemSource(ListItem item) {
        String raw = sourceOf(item, item);
        int indent = item.getContentIndent() == null ? 0 : item.getContentIndent();
        List<SourceSpan> spans = item.getSourceSpans();
        int column = spans.isEmpty() ? 0 : spans.get(0).getColumnIndex();
        StringBuilder out = new StringBuilder();
        String[] lines = raw.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == 0) {
                int cut = Math.max(0, Math.min(line.length(), indent - column));
                line = line.substring(cut).replaceFirst("^\\[[ xX]]\\s*", "");
            } else {
                int spaces = 0;
                while (spaces < line.length() && spaces < indent && line.charAt(spaces) == ' ') {
                    spaces++;
                }
                line = line.substring(spaces);
            }
            out.append(line).append('\n');
        }
        return out.toString().strip();
    }

    /** The source text from the first line of {@code first} to the end of {@code last}. */
    private String sourceOf(Node first, Node last) {
        List<SourceSpan> a = first.getSourceSpans();
        List<SourceSpan> b = last.getSourceSpans();
        if (a.isEmpty() || b.isEmpty()) {
            return plain(first);
        }
        int start = lineStarts.get(a.get(0).getLineIndex()) + (first instanceof ListItem ? a.get(0).getColumnIndex() : 0);
        SourceSpan end = b.get(b.size() - 1);
        int stop = Math.min(source.length(), end.getInputIndex() + end.getLength());
        return start >= stop ? "" : source.substring(start, stop);
    }

    private static List<Node> children(Node parent) {
        List<Node> out = new ArrayList<>();
        for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
            out.add(c);
        }
        return out;
    }

    /** A node's text: inline text and code literals, line breaks as newlines, one block per line. */
    static String plain(Node node) {
        StringBuilder out = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                out.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                out.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                out.append('\n');
            }

            @Override
            public void visit(HardLineBreak b) {
                out.append('\n');
            }

            @Override
            public void visit(FencedCodeBlock code) {
                // code in a plan is material, not a place for "Depends on:" lines
            }

            @Override
            public void visit(IndentedCodeBlock code) {
            }

            @Override
            protected void visitChildren(Node parent) {
                for (Node c = parent.getFirstChild(); c != null; c = c.getNext()) {
                    c.accept(this);
                    if (c instanceof Block && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                        out.append('\n');
                    }
                }
            }
        });
        return out.toString();
    }
}
