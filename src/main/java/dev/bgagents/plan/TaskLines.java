package dev.bgagents.plan;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a task of a plan says about itself besides its goal: its "Depends on:", "Files:" and
 * "Provider:", "Runner:" and "Review:" lines, and the paths it quotes in code spans (its files when it declares none).
 */
final class TaskLines {
    private static final Pattern DEPENDS = Pattern.compile(
            "(?i)^\\s*(?:depends on|depends|dependencies|deps|after|requires|blocked by|needs)\\s*[:：]\\s*(.*)$");
    private static final Pattern FILES = Pattern.compile(
            "(?i)^\\s*(?:files?|owns|touches|paths?)\\s*[:：]\\s*(.*)$");
    private static final Pattern PROVIDER = Pattern.compile("(?i)^\\s*(?:provider|agent)\\s*[:：]\\s*`?([\\w.-]+)");
    private static final Pattern RUNNER = Pattern.compile("(?i)^\\s*runner\\s*[:：]\\s*`?(local|kubernetes)\\b");
    private static final Pattern REVIEW = Pattern.compile("(?i)^\\s*(?:review|reviewed)\\s*[:：]\\s*(yes|y|true|on|required)\\b.*");
    private static final Pattern NONE = Pattern.compile("(?i)(none|nothing|n/?a|-|—|–|no dependencies|independent)\\.?");
    private static final Pattern PATH = Pattern.compile("(?!https?:)[\\w.-]*[A-Za-z][\\w.-]*(?:/[\\w.-]+)*/?");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("py", "js", "mjs", "cjs", "ts", "tsx", "jsx",
            "java", "kt", "kts", "go", "rs", "rb", "php", "cs", "c", "h", "cc", "cpp", "hpp", "sql", "md", "json",
            "yaml", "yml", "toml", "xml", "html", "css", "scss", "vue", "svelte", "sh", "txt", "proto", "gradle",
            "properties", "cfg", "ini", "swift", "scala", "ex", "exs", "dart", "lua", "tf", "graphql", "erb");

    private TaskLines() {
    }

    static TaskDraft draft(String label, String title, String bodyMarkdown, List<Node> blocks) {
        List<String> deps = null;
        List<String> files = null;
        String provider = null;
        String runner = null;
        boolean review = false;
        StringBuilder text = new StringBuilder(title).append('\n');
        for (Node b : blocks) {
            text.append(MarkdownSource.plain(b)).append('\n');
        }
        for (String line : text.toString().split("\n")) {
            Matcher m = DEPENDS.matcher(line);
            if (m.matches() && deps == null) {
                deps = NONE.matcher(m.group(1).strip()).matches() ? List.of() : split(m.group(1));
                continue;
            }
            m = FILES.matcher(line);
            if (m.matches() && files == null) {
                files = split(m.group(1)).stream().map(TaskLines::normalizePath).filter(s -> !s.isEmpty()).toList();
                continue;
            }
            if (REVIEW.matcher(line).matches()) {
                review = true;
                continue;
            }
            m = RUNNER.matcher(line);
            if (m.find()) {
                runner = runner == null ? m.group(1).toLowerCase(Locale.ROOT) : runner;
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
                files, mentioned, provider, review, runner);
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
}
