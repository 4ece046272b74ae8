package dev.bgagents.docs;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every snippet, tool call and link the README and docs/ show is one the code accepts ({@link DocsChecker}). */
class DocsSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static Map<String, Set<String>> tools;

    @BeforeAll
    static void tools() throws IOException {
        tools = DocsChecker.toolsFrom(ROOT.resolve("src/test/resources/toolsnaps"));
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    @Test
    void everySnippetCallAndLinkOfTheReadmeAndDocsHolds() throws IOException {
        DocsChecker checker = new DocsChecker(ROOT, tools);
        List<String> problems = new ArrayList<>();
        for (Path page : pages()) {
            problems.addAll(checker.check(page));
        }
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    @Test
    void theSnapshotsGiveEveryTool() {
        assertTrue(tools.keySet().containsAll(List.of("spawn_agent", "job_status", "read_summary", "merge_worktree",
                "cancel_job", "resume_session", "decompose_plan")), tools.keySet().toString());
        assertTrue(tools.get("spawn_agent").contains("prompt"));
    }

    @Test
    void theReadmesTestCommandIsTheOneCiRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        String command = ci.get(ci.size() - 1).strip();
        assertEquals("mvn -B verify", command, ".ci/run ends with the README's test command");
        int twoCommands = readme.indexOf("## Two commands");
        assertTrue(twoCommands >= 0, "the README has its Two commands section");
        assertTrue(readme.indexOf("```sh\n" + command + "\n```", twoCommands) > twoCommands,
                "the Two commands section shows " + command);
        assertTrue(readme.lines().count() <= 250, "a README read in five minutes: " + readme.lines().count() + " lines");
    }

    // The checker fails on what is broken: each case a page with one mistake.

    private List<String> check(Path dir, String md) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, md);
        return new DocsChecker(dir, tools).check(page);
    }

    @Test
    void aGoodPagePasses(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## A `code` heading: yes\n");
        String md = """
                # Title

                See [other](other.md#a-code-heading-yes) and [here](#title), `spawn_agent {prompt, provider?}`.

                ```json
                { "max_concurrent": 2, "budget": { "max_tokens": 100 } }
                ```

                ```json
                { "mcpServers": { "bg-agents": { "command": "x" } } }
                ```

                ```toml
                [mcp_servers.bg-agents]
                command = "x"
                ```

                ```
                spawn_agent {prompt: "a, b: {c}", attempts: ["claude", "codex"]}
                → Starting claude-1 …
                job_status {job_ids: ["claude-1"], wait: "any"}
                read_summary section=final
                ```
                """;
        assertEquals(List.of(), check(dir, md));
    }

    @Test
    void aJsonBlockThatDoesNotParseFails(@TempDir Path dir) throws IOException {
        List<String> p = check(dir, "# T\n\n```json\n{ \"max_concurrent\": 2, }\n```\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).startsWith("page.md:3: json block does not parse"), p.get(0));
    }

    @Test
    void aTomlBlockThatDoesNotParseFails(@TempDir Path dir) throws IOException {
        List<String> p = check(dir, "# T\n\n```toml\n[mcp_servers.bg-agents\ncommand = x\n```\n");
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("toml block does not parse"), p.get(0));
    }

    @Test
    void aConfigKeyTheCodeDoesNotReadFails(@TempDir Path dir) throws IOException {
        List<String> top = check(dir, "# T\n\n```json\n{ \"max_concurent\": 2 }\n```\n");
        assertEquals(1, top.size(), top.toString());
        assertTrue(top.get(0).contains("unknown key \"max_concurent\""), top.get(0));
        List<String> nested = check(dir, "# T\n\n```json\n{ \"worktree\": { \"setup_timeout\": 2 } }\n```\n");
        assertEquals(1, nested.size(), nested.toString());
        assertTrue(nested.get(0).contains("setup_timeout"), nested.get(0));
        assertEquals(List.of(), check(dir, "# T\n\n" + DocsChecker.NOT_CONFIG + "\n```json\n{ \"job_id\": \"x\" }\n```\n"));
    }

    @Test
    void aToolOrArgumentThatDoesNotExistFails(@TempDir Path dir) throws IOException {
        List<String> p = check(dir, """
                # T

                ```
                spawn_agents {prompt: "x"}
                job_status {job_ids: ["a"], wait_for: "any"}
                read_summary job=x
                ```

                Then `merge_worktree {job_id, dryrun?}`.
                """);
        assertEquals(4, p.size(), String.join("\n", p));
        assertTrue(p.get(0).startsWith("page.md:4: `spawn_agents {…}` names no tool"), p.get(0));
        assertTrue(p.get(1).startsWith("page.md:5: job_status has no argument \"wait_for\""), p.get(1));
        assertTrue(p.get(2).startsWith("page.md:6: read_summary has no argument \"job\""), p.get(2));
        assertTrue(p.get(3).startsWith("page.md:9: merge_worktree has no argument \"dryrun\""), p.get(3));
    }

    @Test
    void aBrokenLinkOrAnchorFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other\n\n```\n## not a heading\n```\n");
        List<String> p = check(dir, """
                # T

                [gone](gone.md), [anchor](other.md#nowhere), [fenced](other.md#not-a-heading), [self](#t-2),
                ![picture](pic.png), `[in code](gone.md)` and [web](https://example.com).
                """);
        assertEquals(5, p.size(), String.join("\n", p));
        assertTrue(p.get(0).equals("page.md:3: link to gone.md: no such file"), p.get(0));
        assertTrue(p.get(1).contains("other.md#nowhere: no heading"), p.get(1));
        assertTrue(p.get(2).contains("other.md#not-a-heading: no heading"), p.get(2));
        assertTrue(p.get(3).contains("#t-2: no heading"), p.get(3));
        assertEquals("page.md:4: link to pic.png: no such file", p.get(4));
    }

    @Test
    void anchorsAreGitHubs() {
        assertEquals("verified-jobs-verify-and-fix_attempts", DocsChecker.slug("Verified jobs: `verify` and `fix_attempts`"));
        assertEquals("protocol-2026-07-28-and-the-tasks-extension", DocsChecker.slug("Protocol 2026-07-28 and the tasks extension"));
        assertEquals(Set.of("a", "a-1"), DocsChecker.anchors("# A\n\n## A\n"));
    }
}
