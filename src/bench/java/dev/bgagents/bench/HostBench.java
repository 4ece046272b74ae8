package dev.bgagents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.it.HostClaude;
import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What real Claude Code (the pinned host) gives its model, printed, never asserted: over N
 * {@code claude -p} runs, whether the bg-agents tools were there on the first turn — loaded with
 * their schemas, or listed as deferred behind ToolSearch, or missing — with the shipped entry
 * ({@code "alwaysLoad": true}) and without it; the characters the tool definitions cost per turn;
 * and which tools ToolSearch finds for the words a user says. Usage: bench/host.sh [runs]; every host
 * (Claude Code, Codex, Gemini CLI) from its snippet: bench/host.sh hosts [runs] ({@link HostsBench})
 */
public final class HostBench {
    private static final List<String> PHRASES = List.of("in the background", "delegate to codex", "run this plan",
            "worktree", "merge");

    private HostBench() {
    }

    private static final String TOOL = "mcp__bg-agents__";

    /**
     * Through the real host, {@code runs} times: one delegated job (spawn_agent, a job_status
     * wait, read_summary) as the model receives it, against the agent's raw output; and what the
     * bg-agents entry costs every turn: the tool definitions and the server's instructions in
     * the model's request.
     */
    static List<Figure> figures(int runs) throws Exception {
        Path dir = Files.createTempDirectory("bg-host-bench-");
        Path project = Files.createDirectories(dir.resolve("project"));
        ServerHarness h = new ServerHarness(project, "");
        Path config = Files.writeString(dir.resolve("shipped.json"), HostClaude.shippedMcpConfig());
        List<Integer> roundTrips = new ArrayList<>();
        List<Long> raw = new ArrayList<>();
        List<Integer> definitions = new ArrayList<>();
        List<Integer> instructions = new ArrayList<>();
        int loaded = 0;
        for (int i = 0; i < runs; i++) {
            List<HostModelMock.Step> script = List.of(
                    new Call(TOOL + "spawn_agent", "{\"prompt\": \"write notes-" + i + ".txt\"}"),
                    new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                    new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"), new Say("Done."));
            try (HostModelMock model = new HostModelMock(script, List.of())) {
                run(dir, project, config, model, "Write notes.txt with a background agent.");
                List<HostModelMock.Exchange> got = model.exchanges();
                if (got.size() != 3 || got.stream().anyMatch(HostModelMock.Exchange::isError)) {
                    throw new IllegalStateException("the host's model did not get three answers: " + got);
                }
                roundTrips.add(got.stream().mapToInt(e -> e.received().length()).sum());
                String id = java.util.regex.Pattern.compile("[a-z]+-[0-9a-f]{6}").matcher(got.get(0).received())
                        .results().map(java.util.regex.MatchResult::group).findFirst().orElseThrow();
                raw.add(Files.size(h.jobDir(id).resolve("stdout.log")) + Files.size(h.jobDir(id).resolve("stderr.log")));
                JsonNode first = model.firstMainRequest();
                int chars = definitionsSeen(first);
                loaded += chars > 0 ? 1 : 0;
                definitions.add(chars);
                instructions.add(instructionsSeen(first));
            }
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        String host = "Claude Code " + HostClaude.VERSION + " -p";
        double defs = Figure.median(definitions);
        double instr = Figure.median(instructions);
        return List.of(
                Figure.of("host cost", "one delegated job: spawn, wait, summary, as the model receives them (" + host
                        + ")", Figure.median(roundTrips), "chars").against("the agent's raw output",
                        Figure.median(raw)).goal(Figure.Goal.atMost(2400)),
                Figure.of("host cost", "every turn: tool definitions + instructions (tools on the first turn in "
                        + loaded + "/" + runs + " runs)", defs + instr, "chars"),
                Figure.of("host cost", "... of which the server's instructions", instr, "chars"));
    }

    /**
     * The characters of the bg-agents section the host writes under "# MCP Server Instructions"
     * (Claude Code puts it in the first user turn, not the system prompt), 0 when absent.
     */
    static int instructionsSeen(JsonNode request) {
        List<String> texts = new ArrayList<>();
        collectTexts(request, texts);
        for (String t : texts) {
            int start = t.indexOf("## bg-agents\n");
            if (start >= 0) {
                // to the instructions' last words, or, if the host cut them, to the next section
                String text = dev.bgagents.mcp.tools.ServerInfo.instructionsFor("claude-code").strip();
                String last = text.substring(text.length() - 40);
                int end = t.indexOf(last, start);
                int next = t.indexOf("\n\n", start + 1);
                return (end >= 0 ? end + last.length() : next < 0 ? t.length() : next) - start;
            }
        }
        return 0;
    }

    /** The characters of bg-agents' tool definitions in a Claude Code request, 0 when not loaded. */
    static int definitionsSeen(JsonNode request) {
        int chars = 0;
        for (JsonNode t : request.path("tools")) {
            if (t.path("name").asText().startsWith(TOOL)) {
                chars += t.toString().length();
            }
        }
        return chars;
    }

    private static void collectTexts(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(child -> collectTexts(child, out));
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("hosts")) {
            int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
            BenchTable.print("each host from its shipped snippet, " + runs + " runs", HostsBench.figures(runs), null);
            HostsBench.codexSearches();
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        BenchTable.print("the host's cost, " + runs + " runs", figures(runs), null);
        Path dir = Files.createTempDirectory("bg-host-bench-");
        Path project = Files.createDirectories(dir.resolve("project"));
        new ServerHarness(project, "");
        String shipped = HostClaude.shippedMcpConfig();
        Path always = Files.writeString(dir.resolve("always.json"), shipped);
        Path plain = Files.writeString(dir.resolve("plain.json"), shipped.replaceAll(",\\s*\"alwaysLoad\": true", ""));
        System.out.printf("Claude Code %s -p, first turn, %d runs each%n", HostClaude.VERSION, runs);
        for (Path config : List.of(always, plain)) {
            int loaded = 0;
            int deferred = 0;
            int missing = 0;
            int definitionChars = 0;
            for (int i = 0; i < runs; i++) {
                JsonNode first = firstTurn(dir, project, config, List.of(new Say("ok")));
                int chars = definitionsSeen(first);
                if (chars > 0) {
                    loaded++;
                    definitionChars = chars;
                } else if (first.toString().contains("mcp__bg-agents__spawn_agent")) {
                    deferred++;
                } else {
                    missing++;
                }
            }
            System.out.printf("  %-28s loaded %2d, deferred to ToolSearch %2d, missing %2d; definitions %d chars per turn%n",
                    config == always ? "shipped (alwaysLoad: true)" : "without alwaysLoad", loaded, deferred, missing,
                    definitionChars);
        }
        System.out.println("ToolSearch keyword queries without alwaysLoad (max_results 5): bg-agents tools found");
        for (String phrase : PHRASES) {
            try (HostModelMock model = new HostModelMock(List.of(new Call("ToolSearch",
                    "{\"query\": \"" + phrase + "\", \"max_results\": 5}"), new Say("ok")), List.of())) {
                run(dir, project, plain, model);
                String found = model.exchanges().isEmpty() ? "(no answer)" : model.exchanges().get(0).received();
                List<String> ours = java.util.regex.Pattern.compile("mcp__bg-agents__([a-z_]+)").matcher(found)
                        .results().map(m -> m.group(1)).distinct().toList();
                System.out.printf("  %-20s %s%n", "\"" + phrase + "\"", ours.isEmpty() ? "none" : String.join(", ", ours));
            }
        }
    }

    private static JsonNode firstTurn(Path dir, Path project, Path config, List<HostModelMock.Step> steps) throws Exception {
        try (HostModelMock model = new HostModelMock(steps, List.of())) {
            run(dir, project, config, model);
            return model.firstMainRequest();
        }
    }

    private static void run(Path dir, Path project, Path config, HostModelMock model) throws Exception {
        run(dir, project, config, model, "What is running in the background?");
    }

    private static void run(Path dir, Path project, Path config, HostModelMock model, String prompt) throws Exception {
        HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
        claude.run(project, 120, "-p", prompt, "--mcp-config", config.toString(),
                "--strict-mcp-config", "--allowedTools", "mcp__bg-agents");
    }
}
