package dev.bgagents.it;

import dev.bgagents.it.mock.CodexHostMock;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Exchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Codex (0.171.0) as the host, headless ({@code codex exec}), registered by the shipped
 * install/codex-config.toml as it is, its model a scripted mock: the model searches for the tools
 * as Codex makes it, then drives a job to its merge. The agent behind the server is the stand-in.
 */
class CodexHostE2EIT {
    /** The words a user would use; Codex ranks deferred tools by them over names and descriptions. */
    static final String QUERY = "delegate this task to a background agent in a git worktree";

    @BeforeEach
    void host() {
        HostCodex.requireInstalled();
    }

    @Test
    void execFromTheShippedSnippetFindsTheToolsAndDrivesSpawnWaitSummaryMerge(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        List<HostModelMock.Step> script = HostModelMock.flow("", "Merged the notes.");
        try (CodexHostMock model = new CodexHostMock(script, QUERY)) {
            HostRun.Result run = new HostCodex(dir.resolve("home"), model.baseUrl(), h).exec(project, 300,
                    "Write notes.txt with a background agent, then merge it.");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("Merged the notes."), run.stdout());

            String line = model.namespaceLine();
            assertTrue(line.contains("delegate") && line.contains("spawn_agent"),
                    "before a search the model sees the first line of the instructions: " + line);
            String namespace = model.searchedNamespace();
            assertTrue(namespace.contains("Your own spawn_agent"), "the search finds bg-agents, with Codex's paragraph: "
                    + namespace);
            List<Exchange> got = model.exchanges();
            assertEquals(List.of("spawn_agent", "job_status", "read_summary", "merge_worktree"),
                    got.stream().map(Exchange::tool).toList(), "every call ran without an approval: " + got);
            String spawn = got.get(0).received();
            String status = got.get(1).received();
            String summary = got.get(2).received();
            assertTrue(status.contains("succeeded"), status);
            assertTrue(summary.contains("Done: wrote notes.txt.") && summary.contains("notes.txt"), summary);
            assertTrue(got.get(3).received().contains("\"merged\":true"), got.get(3).received());
            assertEquals("hello", h.git("show", "main:notes.txt").strip(), "the agent's work is on main");

            int job = spawn.length() + status.length() + summary.length();
            System.out.printf("[host] codex %s exec: first line %d chars before a search; %d chars of bg-agents per "
                            + "turn once searched (instructions + definitions); one delegated job (spawn, wait, summary) "
                            + "%d chars as the model received it%n", HostCodex.VERSION, line.length(), namespace.length(), job);
        }
    }
}
