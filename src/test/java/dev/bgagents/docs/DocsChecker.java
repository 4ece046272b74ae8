package dev.bgagents.docs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.bgagents.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks what the README and docs/*.md show, so a snippet that drifts from the code fails a test:
 * <ul>
 * <li>every {@code ```json} and {@code ```toml} block parses;</li>
 * <li>every {@code ```json} block is a {@code bg-agents.json} snippet — read by the server's own
 *     {@link ConfigLoader}, which refuses a key it does not read — unless its top level holds
 *     {@code mcpServers} or {@code servers} (a host's registration), or the line before its fence is
 *     {@value #NOT_CONFIG};</li>
 * <li>every tool call shown ({@code tool_name {args}} in a code block or an inline code span, and
 *     {@code tool_name arg=value}) names a tool and only arguments of its schema snapshot
 *     ({@code src/test/resources/toolsnaps/});</li>
 * <li>every relative link and image points at a file that exists, and every {@code #anchor} at a
 *     heading of the page it names.</li>
 * </ul>
 * Problems come back as lines {@code file:line: what is wrong}.
 */
final class DocsChecker {
    static final String NOT_CONFIG = "<!-- not bg-agents.json -->";
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TomlMapper TOML = new TomlMapper();
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*).*$");
    private static final Pattern CALL = Pattern.compile("\\b([a-z]+(?:_[a-z]+)+)\\s+\\{");
    private static final Pattern KEYWORD_CALL = Pattern.compile("\\b([a-z]+(?:_[a-z]+)+)((?:\\s+[a-z_]+=\\S+)+)");
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)([\\s\\S]+?)(?<!`)\\1(?!`)");

    /** A tool's name and the names of its arguments. */
    private final Map<String, Set<String>> tools;
    private final Path root;

    DocsChecker(Path root, Map<String, Set<String>> tools) {
        this.root = root;
        this.tools = tools;
    }

    /** The tools and their arguments from the schema snapshots. */
    static Map<String, Set<String>> toolsFrom(Path snapshots) throws IOException {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(snapshots)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode t = JSON.readTree(Files.readString(f));
                Set<String> args = new LinkedHashSet<>();
                t.path("inputSchema").path("properties").fieldNames().forEachRemaining(args::add);
                out.put(t.path("name").asText(), args);
            }
        }
        return out;
    }

    /** A fenced block: its info word, its text, the line of its fence, the non-blank line before it. */
    record Block(String lang, String text, int line, String before) {
    }

    /** Every problem of one markdown file (path relative to the root, for the messages). */
    List<String> check(Path file) throws IOException {
        return check(root.relativize(file.toAbsolutePath().normalize()).toString(), file, Files.readString(file));
    }

    List<String> check(String name, Path file, String md) {
        List<String> problems = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        List<Integer> proseLines = new ArrayList<>();
        String[] lines = md.split("\n", -1);
        String fence = null;
        String lang = null;
        int fenceLine = 0;
        String before = "";
        String lastNonBlank = "";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            Matcher m = FENCE.matcher(l);
            if (fence == null && m.matches()) {
                fence = m.group(1);
                lang = m.group(2).toLowerCase(Locale.ROOT);
                fenceLine = i + 1;
                before = lastNonBlank;
                body.setLength(0);
            } else if (fence != null && l.strip().startsWith(fence) && l.strip().matches("[`~]+")
                    && l.strip().charAt(0) == fence.charAt(0) && l.strip().length() >= fence.length()) {
                blocks.add(new Block(lang, body.toString(), fenceLine, before));
                fence = null;
            } else if (fence != null) {
                body.append(l).append('\n');
            } else {
                prose.append(l).append('\n');
                proseLines.add(i + 1);
            }
            if (!l.isBlank()) {
                lastNonBlank = l.strip();
            }
        }
        if (fence != null) {
            problems.add(name + ":" + fenceLine + ": code block never closed");
        }
        for (Block b : blocks) {
            switch (b.lang()) {
                case "json" -> checkJson(name, b, problems);
                case "toml" -> checkToml(name, b, problems);
                default -> checkCalls(name, b.line(), b.text(), problems, true);
            }
        }
        // prose: inline code spans hold calls; the rest holds links
        String text = prose.toString();
        StringBuilder outsideCode = new StringBuilder();
        Matcher code = INLINE_CODE.matcher(text);
        int last = 0;
        while (code.find()) {
            int line = lineOf(proseLines, text, code.start());
            checkCalls(name, line, code.group(2), problems, false);
            outsideCode.append(text, last, code.start()).append(" ".repeat(0));
            outsideCode.append(code.group().replaceAll("[^\n]", " "));
            last = code.end();
        }
        outsideCode.append(text.substring(last));
        checkLinks(name, file, outsideCode.toString(), proseLines, problems);
        return problems;
    }

    private static int lineOf(List<Integer> proseLines, String text, int offset) {
        int n = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n < proseLines.size() ? proseLines.get(n) : proseLines.isEmpty() ? 0 : proseLines.get(proseLines.size() - 1);
    }

    private void checkJson(String name, Block b, List<String> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(b.text());
        } catch (IOException e) {
            problems.add(name + ":" + b.line() + ": json block does not parse: " + firstLine(e.getMessage()));
            return;
        }
        if (node == null || NOT_CONFIG.equals(b.before())) {
            return;
        }
        if (node.isObject() && (node.has("mcpServers") || node.has("servers"))) {
            return;
        }
        try {
            Path tmp = Files.createTempFile("docs-snippet", ".json");
            try {
                Files.writeString(tmp, JSON.writeValueAsString(hereAndNow(node.deepCopy(), tmp.getParent())));
                ConfigLoader.read(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (ConfigLoader.ConfigException e) {
            problems.add(name + ":" + b.line() + ": bg-agents.json snippet refused by ConfigLoader: "
                    + firstLine(e.getMessage()).replaceFirst("^\\S*docs-snippet\\S*: ", ""));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A snippet's absolute directories ({@code allowed_roots}, {@code worktrees_dir}) are examples of
     * another machine, which the reader would refuse for not existing here: an existing one stands in.
     */
    private static JsonNode hereAndNow(JsonNode config, Path existing) {
        if (config instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
            JsonNode roots = o.get("allowed_roots");
            if (roots instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
                for (int i = 0; i < a.size(); i++) {
                    if (a.get(i).isTextual() && a.get(i).asText().startsWith("/")) {
                        a.set(i, a.textNode(existing.toString()));
                    }
                }
            }
            JsonNode dir = o.get("worktrees_dir");
            if (dir != null && dir.isTextual() && dir.asText().startsWith("/")) {
                o.put("worktrees_dir", existing.toString());
            }
        }
        return config;
    }

    private static void checkToml(String name, Block b, List<String> problems) {
        try {
            TOML.readTree(b.text());
        } catch (IOException e) {
            problems.add(name + ":" + b.line() + ": toml block does not parse: " + firstLine(e.getMessage()));
        }
    }

    /**
     * {@code tool {a: 1, b}}, {@code tool {a | b, c?}}: the names before a colon, or the bare names, at the
     * braces' top level. In a code block every {@code snake_name {} names a tool; in an inline span too.
     */
    private void checkCalls(String name, int firstLine, String text, List<String> problems, boolean block) {
        Matcher m = CALL.matcher(text);
        while (m.find()) {
            int line = firstLine + (block ? 1 : 0) + count(text, m.start());
            String tool = m.group(1);
            Set<String> args = tools.get(tool);
            if (args == null) {
                problems.add(name + ":" + line + ": `" + tool + " {…}` names no tool (tools: " + String.join(", ", tools.keySet()) + ")");
                continue;
            }
            int open = m.end() - 1;
            int close = matching(text, open);
            if (close < 0) {
                continue; // clipped in the text (an ellipsis), nothing to check
            }
            for (String key : keys(text.substring(open + 1, close))) {
                if (!args.contains(key)) {
                    problems.add(name + ":" + line + ": " + tool + " has no argument \"" + key + "\" (its arguments: "
                            + String.join(", ", args) + ")");
                }
            }
        }
        Matcher k = KEYWORD_CALL.matcher(text);
        while (k.find()) {
            Set<String> args = tools.get(k.group(1));
            if (args == null) {
                continue;
            }
            for (String pair : k.group(2).strip().split("\\s+")) {
                String key = pair.substring(0, pair.indexOf('='));
                if (!args.contains(key)) {
                    problems.add(name + ":" + (firstLine + (block ? 1 : 0) + count(text, k.start())) + ": " + k.group(1)
                            + " has no argument \"" + key + "\" (its arguments: " + String.join(", ", args) + ")");
                }
            }
        }
    }

    private static int count(String text, int upTo) {
        int n = 0;
        for (int i = 0; i < upTo; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /** The offset of the brace closing the one at {@code open}, past strings and nested brackets; -1 if none. */
    static int matching(String s, int open) {
        int depth = 0;
        boolean str = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (str) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return c == '}' ? i : -1;
                }
            }
        }
        return -1;
    }

    /** The argument names of the inside of a call's braces. */
    static List<String> keys(String inside) {
        List<String> segments = new ArrayList<>();
        int depth = 0;
        boolean str = false;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (str) {
                if (c == '\\' && i + 1 < inside.length()) {
                    cur.append(c).append(inside.charAt(++i));
                    continue;
                }
                if (c == '"') {
                    str = false;
                }
            } else if (c == '"') {
                str = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                segments.add(cur.toString());
                cur.setLength(0);
                continue;
            }
            if (depth == 0 || c == '[' || c == '{') {
                cur.append(str && c != '"' ? 'x' : c);
            }
        }
        segments.add(cur.toString());
        List<String> out = new ArrayList<>();
        for (String seg : segments) {
            String s = seg.strip();
            if (s.isEmpty() || s.matches("[.…]+")) {
                continue;
            }
            int colon = s.indexOf(':');
            List<String> names = colon >= 0 ? List.of(s.substring(0, colon)) : List.of(s.split("\\|"));
            for (String n : names) {
                String k = n.strip().replaceAll("^\"|\"$", "").replaceAll("\\?$", "");
                if (!k.isEmpty() && !k.matches("[.…]+")) {
                    out.add(k);
                }
            }
        }
        return out;
    }

    private void checkLinks(String name, Path file, String prose, List<Integer> proseLines, List<String> problems) {
        Matcher m = LINK.matcher(prose);
        while (m.find()) {
            String target = m.group(1);
            if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
                continue; // http:, https:, mailto:
            }
            int line = lineOf(proseLines, prose, m.start());
            int hash = target.indexOf('#');
            String path = hash >= 0 ? target.substring(0, hash) : target;
            String anchor = hash >= 0 ? target.substring(hash + 1) : null;
            Path to = path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
            if (!Files.exists(to)) {
                problems.add(name + ":" + line + ": link to " + target + ": no such file");
                continue;
            }
            if (anchor != null && !anchor.isEmpty()) {
                Set<String> anchors;
                try {
                    anchors = to.toString().endsWith(".md") ? anchors(Files.readString(to)) : Set.of();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                if (!anchors.contains(anchor)) {
                    problems.add(name + ":" + line + ": link to " + target + ": no heading with that anchor in "
                            + (path.isEmpty() ? name : path));
                }
            }
        }
    }

    /** The anchors GitHub gives a page's headings (those outside code blocks), duplicates numbered. */
    static Set<String> anchors(String md) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String fence = null;
        for (String l : md.split("\n")) {
            Matcher f = FENCE.matcher(l);
            if (fence == null && f.matches()) {
                fence = f.group(1);
                continue;
            }
            if (fence != null) {
                if (l.strip().matches("[`~]+") && l.strip().charAt(0) == fence.charAt(0) && l.strip().length() >= fence.length()) {
                    fence = null;
                }
                continue;
            }
            Matcher h = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(l);
            if (h.matches()) {
                String slug = slug(h.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                out.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return out;
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped (but - and _), spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
