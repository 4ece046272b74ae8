package dev.bgagents.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The layout is the architecture: each package imports only packages below it, so a newcomer
 * can read the tree top down — entry points, protocol, orchestration, runtime, processes, the
 * job record, plans, git, the agent CLIs, config, and the small pieces everything uses.
 */
class LayersTest {
    private static final Path MAIN = Path.of("src/main/java/dev/bgagents");
    /** Top first; packages on one line are peers and import nothing of each other. */
    private static final List<List<String>> LAYERS = List.of(
            List.of(""),
            List.of("cli"),
            List.of("demo", "dashboard"),
            List.of("view"),
            List.of("mcp"),
            List.of("mcp.modern"),
            List.of("mcp.tasks", "mcp.push"),
            List.of("mcp.tools", "mcp.prompts"),
            List.of("mcp.stdio"),
            List.of("orchestration"),
            // the rooms, one per feature; each builds on the core, none on another
            List.of("orchestration.plans", "orchestration.attempts", "orchestration.review", "orchestration.fallback",
                    "orchestration.checks", "orchestration.bootstrap", "orchestration.delivery", "orchestration.handoff",
                    "orchestration.notify", "orchestration.conflicts", "orchestration.person",
                    "orchestration.steering"),
            List.of("orchestration.core"),
            List.of("orchestration.api"),
            List.of("runtime"),
            List.of("runtime.steering"),
            List.of("sandbox.network"),
            // where an agent runs: this machine's processes, or a cluster's pods
            List.of("runners"),
            List.of("runners.kubernetes"),
            List.of("process", "sandbox", "relay"),
            List.of("summary"),
            List.of("jobs"),
            List.of("plan"),
            List.of("git"),
            List.of("providers"),
            List.of("agents.claude", "agents.codex", "agents.gemini", "agents.opencode", "agents.ollama"),
            List.of("agents.custom"),
            List.of("agents"),
            List.of("config"),
            List.of("routing"),
            List.of("channel"),
            List.of("project", "text"));
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.bgagents\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);
    private static final int MAX_LINES = 300;

    private static int layer(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        throw new AssertionError("package " + pkg + " is in no layer: add it to LayersTest");
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            return s.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    private static String packageOf(Path file) {
        String rel = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        return rel;
    }

    @Test
    void everyPackageImportsOnlyPackagesBelowIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            int mine = layer(pkg);
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String used = m.group(1);
                if (!used.equals(pkg) && layer(used) <= mine) {
                    wrong.add(MAIN.relativize(f) + " imports " + used);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void noClassIsLongerThanAScreenfulOrTwo() throws IOException {
        Map<String, Long> long_ = new java.util.TreeMap<>();
        for (Path f : sources()) {
            long n = Files.readAllLines(f).size();
            if (n > MAX_LINES) {
                long_.put(MAIN.relativize(f).toString(), n);
            }
        }
        assertEquals(Map.of(), long_);
    }

    /** The protocol layer speaks of jobs, never of their worktrees' git: what it shows comes through the job. */
    @Test
    void theProtocolLayerImportsNothingOfGit() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path f : sources()) {
            String pkg = packageOf(f);
            if ((pkg.equals("mcp") || pkg.startsWith("mcp.")) && Files.readString(f).contains("import dev.bgagents.git.")) {
                wrong.add(MAIN.relativize(f).toString());
            }
        }
        assertEquals(List.of(), wrong);
    }
}
