package dev.bgagents.it;

import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Exchange;
import dev.bgagents.it.mock.HostModelMock.Say;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Claude Code (the pinned {@link HostClaude#VERSION}) as the host, its model a scripted mock: the test reads what the host
 * handed its model from each bg-agents tool — not what an SDK client sees. The agents behind the
 * server are the stand-in script; here the host is what is under test.
 */
class ClaudeHostE2EIT {
    private static final String TOOL = "mcp__bg-agents__";

    @BeforeEach
    void host() {
        HostClaude.requireInstalled();
    }

    private static Path mcpConfig(Path dir) throws Exception {
        return Files.writeString(dir.resolve("mcp.json"), HostClaude.shippedMcpConfig());
    }

    @Test
    void printModeRegisteredFromTheShippedConfigDrivesSpawnWaitSummaryMergeAndReadsAFailure(@TempDir Path dir)
            throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        List<HostModelMock.Step> script = List.of(
                new Call(TOOL + "spawn_agent", "{\"prompt\": \"write notes.txt\"}"),
                new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"),
                new Call(TOOL + "merge_worktree", "{\"job_id\": \"{job_id}\"}"),
                new Call(TOOL + "spawn_agent", "{\"prompt\": \"MODE:crash\"}"),
                new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"),
                new Say("Merged the notes; the second agent crashed."));
        try (HostModelMock model = new HostModelMock(script, List.of())) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            HostClaude.Run run = claude.run(project, 240, "-p",
                    "Write notes.txt with a background agent, then merge it; then try the crash task.",
                    "--mcp-config", mcpConfig(dir).toString(), "--strict-mcp-config", "--allowedTools", "mcp__bg-agents");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(run.stdout().contains("Merged the notes"), run.stdout());

            List<Exchange> got = model.exchanges();
            assertEquals(List.of("spawn_agent", "job_status", "read_summary", "merge_worktree", "spawn_agent",
                    "job_status", "read_summary"), got.stream().map(e -> e.tool().substring(TOOL.length())).toList(),
                    got.toString());
            String spawn = got.get(0).received();
            String status = got.get(1).received();
            String summary = got.get(2).received();
            assertTrue(spawn.contains("job_status"), "spawn says what to call next: " + spawn);
            assertTrue(status.contains("succeeded") && status.contains("read_summary"), status);
            assertTrue(summary.contains("Done: wrote notes.txt."), "the agent's final message reaches the model: " + summary);
            assertTrue(summary.contains("notes.txt") && summary.contains("merge_worktree"), "changes and next step: " + summary);
            assertTrue(got.get(3).received().contains("merged"), got.get(3).received());
            assertEquals("hello", h.git("show", "main:notes.txt").strip(), "the agent's work is on main");
            String failed = got.get(6).received();
            assertTrue(failed.contains("failed") && failed.contains("exited 3"), "the reason reaches the model: " + failed);
            assertTrue(failed.contains("stand-in crashed on purpose"), "and the agent's error: " + failed);
            assertTrue(failed.contains("resume_session {job_id: "), "and what to do: " + failed);

            int roundTrip = spawn.length() + status.length() + summary.length();
            System.out.printf("[host] claude %s -p: the model received spawn_agent %d, job_status %d, read_summary %d,"
                            + " merge_worktree %d chars; round trip %d chars; failed job's summary %d chars%n",
                    HostClaude.VERSION, spawn.length(), status.length(), summary.length(), got.get(3).received().length(),
                    roundTrip, failed.length());
            assertTrue(roundTrip <= 2400, "round trip as the model receives it: " + roundTrip + " chars");
        }
    }

    @Test
    void addedForEveryProjectByAddJsonFromTheShippedEntryItsToolsAreThereOnTheFirstTurn(@TempDir Path dir)
            throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        String entry = new com.fasterxml.jackson.databind.ObjectMapper().readTree(HostClaude.shippedMcpConfig())
                .path("mcpServers").path("bg-agents").toString();
        try (HostModelMock model = new HostModelMock(HostModelMock.flow(TOOL, "Merged the notes."), List.of())) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            // the README's line: claude mcp add-json -s user bg-agents '{…, "alwaysLoad": true}'
            HostClaude.Run add = claude.run(dir, 120, "mcp", "add-json", "-s", "user", "bg-agents", entry);
            assertEquals(0, add.exitCode(), add.stdout() + add.stderr());
            HostClaude.Run run = claude.run(project, 240, "-p", "Write notes.txt with a background agent, then merge it.",
                    "--allowedTools", "mcp__bg-agents");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertTrue(model.firstMainRequest().path("tools").toString().contains(TOOL + "spawn_agent"),
                    "loaded on the first turn, not deferred behind ToolSearch");
            List<Exchange> got = model.exchanges();
            assertEquals(List.of("spawn_agent", "job_status", "read_summary", "merge_worktree"),
                    got.stream().map(e -> e.tool().substring(TOOL.length())).toList(), got.toString());
            assertTrue(got.get(2).received().contains("Done: wrote notes.txt."), got.get(2).received());
            assertEquals("hello", h.git("show", "main:notes.txt").strip(), "the agent's work is on main");
        }
    }

    @Test
    void anInteractiveSessionRunsTheSpawnAsATaskAndTheModelIsToldOfTheEndWithTheSummary(@TempDir Path dir)
            throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        List<HostModelMock.Step> script = List.of(
                new Call(TOOL + "spawn_agent", "{\"prompt\": \"write notes.txt\"}"),
                new Say("An agent is writing notes.txt in the background."));
        List<HostModelMock.Step> afterNotification = List.of(
                new Call(TOOL + "merge_worktree", "{\"job_id\": \"{job_id}\"}"),
                new Say("Merged after the notification."));
        try (HostModelMock model = new HostModelMock(script, afterNotification)) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl()).trust(project)
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            boolean merged = claude.interactive(project, 180,
                    () -> model.exchanges().stream().anyMatch(e -> e.tool().endsWith("merge_worktree")),
                    "Write notes.txt with a background agent and merge it when it is done.",
                    "--mcp-config", mcpConfig(dir).toString(), "--strict-mcp-config",
                    "--permission-mode", "bypassPermissions");
            assertTrue(merged, "no merge after the notification; screen:\n" + claude.screen()
                    + "\nexchanges: " + model.exchanges());

            List<Exchange> got = model.exchanges();
            String spawn = got.get(0).received();
            assertTrue(spawn.contains("background"), "the host ran the spawn as a task: " + spawn);
            List<String> notes = model.notifications();
            assertEquals(1, notes.size(), notes.toString());
            String note = notes.get(0);
            assertTrue(note.contains("completed") && note.contains("Done: wrote notes.txt."),
                    "the end and the summary reach the model: " + note);
            assertFalse(got.stream().anyMatch(e -> e.tool().endsWith("job_status")),
                    "no polling: " + got.stream().map(Exchange::tool).collect(Collectors.joining(", ")));
            assertTrue(got.get(got.size() - 1).received().contains("merged"), got.toString());
            assertEquals("hello", h.git("show", "main:notes.txt").strip());
            int result = note.indexOf("</result>") - note.indexOf("<result>") - "<result>".length();
            System.out.printf("[host] claude %s interactive, tasks extension: the model received spawn_agent %d chars"
                    + " (the host's own words), then a task notification of %d chars of which bg-agents' result %d;"
                    + " job_status calls: 0%n", HostClaude.VERSION, spawn.length(), note.length(), result);
        }
    }

    @Test
    void withToolsDeferredToolSearchFindsThemFromTheWordsAUserSays(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "");
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("in the background", "spawn_agent");
        expected.put("delegate to codex", "spawn_agent");
        expected.put("run this plan", "decompose_plan");
        expected.put("worktree", "merge_worktree");
        expected.put("merge", "merge_worktree");
        List<HostModelMock.Step> script = new java.util.ArrayList<>();
        expected.keySet().forEach(q -> script.add(new Call("ToolSearch", "{\"query\": \"" + q + "\", \"max_results\": 5}")));
        script.add(new Say("Found them."));
        // a registration without alwaysLoad: the host lists the tools by name only until a search loads them
        Path config = Files.writeString(dir.resolve("deferred.json"),
                HostClaude.shippedMcpConfig().replaceAll(",\\s*\"alwaysLoad\": true", ""));
        try (HostModelMock model = new HostModelMock(script, List.of())) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            HostClaude.Run run = claude.run(project, 180, "-p", "Which tools hand work to background agents?",
                    "--mcp-config", config.toString(), "--strict-mcp-config");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            assertFalse(model.firstMainRequest().path("tools").toString().contains(TOOL), "the tools were deferred");
            List<Exchange> got = model.exchanges();
            assertEquals(expected.size(), got.size(), got.toString());
            int i = 0;
            for (var e : expected.entrySet()) {
                String found = got.get(i++).received();
                assertTrue(found.contains(TOOL + e.getValue()), "\"" + e.getKey() + "\" finds " + e.getValue() + ": " + found);
            }
        }
    }

    @Test
    void aBrokenConfigStillConnectsAndTheModelReadsWhatToFix(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "\"max_concurent\": 2");
        List<HostModelMock.Step> script = List.of(new Call(TOOL + "spawn_agent", "{\"prompt\": \"write notes.txt\"}"),
                new Say("The server's config is broken."));
        try (HostModelMock model = new HostModelMock(script, List.of())) {
            HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                    .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
            Path config = mcpConfig(dir);
            HostClaude.Run run = claude.run(project, 180, "-p", "Write notes.txt in the background.",
                    "--mcp-config", config.toString(), "--strict-mcp-config", "--allowedTools", "mcp__bg-agents");
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());
            // the host connected and listed the tools: the call reached the server, which said why it cannot serve
            String got = model.exchanges().get(0).received();
            assertTrue(got.contains("unknown key \"max_concurent\"") && got.contains("restart"), got);
            assertFalse(Files.exists(project.resolve("notes.txt")), "nothing ran");
        }
    }
}
