package dev.bgagents.bench;

import dev.bgagents.it.HostClaude;
import dev.bgagents.it.ServerHarness;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.HostModelMock.Call;
import dev.bgagents.it.mock.HostModelMock.Say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One task three ways, through real Claude Code as the host, counting what its model receives:
 * plain (the host checks the work itself with npm test, finds it failing, resumes the agent,
 * waits, reads, checks again), verified with one fix attempt (the server checks and fixes), and
 * best of three providers (each checked, the group ranked). The task: make `npm test` pass in a
 * small project; the agent (the stand-in) gets it wrong first. Usage: bench/ways.sh [runs]
 */
public final class ThreeWaysBench {
    private static final String TOOL = "mcp__bg-agents__";
    private static final String TASK = "Make npm test pass: state.txt must hold the word the test expects. "
            + "write state.txt CONTENT:broken";
    private static final String PACKAGE = "{\"name\": \"shop\", \"version\": \"1.0.0\", \"scripts\": {\"test\": "
            + "\"node -e \\\"const s = require('fs').readFileSync('state.txt', 'utf8').trim(); "
            + "if (s !== 'fixed') { console.error('AssertionError: expected state fixed, got ' + s); process.exit(1) } "
            + "console.log('1 passing')\\\"\"}}\n";

    private ThreeWaysBench() {
    }

    /** What one way cost the host and how it ended. */
    record Way(String name, String outcome, int calls, int chars, double seconds) {
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Figure> out = new ArrayList<>();
        for (String way : List.of("plain", "verified", "best of 3")) {
            List<Integer> chars = new ArrayList<>();
            List<Integer> calls = new ArrayList<>();
            List<Double> secs = new ArrayList<>();
            String outcome = null;
            for (int i = 0; i < runs; i++) {
                Way w = run(way);
                chars.add(w.chars());
                calls.add(w.calls());
                secs.add(w.seconds());
                outcome = w.outcome();
            }
            out.add(Figure.of("three ways", way + ": host model's characters (" + Figure.median(calls)
                    + " tool calls; " + outcome + ")", Figure.median(chars), "chars"));
            out.add(Figure.of("three ways", way + ": wall time to verified work", Figure.median(secs), "s"));
        }
        return out;
    }

    static Way run(String way) throws Exception {
        Path dir = Files.createTempDirectory("bg-ways-");
        try {
            Path project = Files.createDirectories(dir.resolve("project"));
            ServerHarness h = new ServerHarness(project, "");
            h.withProviders(Map.of(
                    "alt", Map.of("command", List.of("bash", ServerHarness.STANDIN.toString()), "output", "text",
                            "env", Map.of("STANDIN_CONTENT", "fixed")),
                    "alt2", Map.of("command", List.of("bash", ServerHarness.STANDIN.toString()), "output", "text",
                            "env", Map.of("STANDIN_CONTENT", "fixed"))));
            Files.writeString(project.resolve("package.json"), PACKAGE);
            Files.writeString(project.resolve("state.txt"), "todo\n");
            h.git("add", "-A");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "shop");
            String task = TASK.replace("\"", "\\\"");
            // the plain way has one worktree: the resumed job works in the first job's
            String npmTest = "{\"command\": \"cd .context/worktrees/* && npm test 2>&1\", \"description\": \"Run the tests\"}";
            List<HostModelMock.Step> script = switch (way) {
                case "plain" -> List.of(
                        new Call(TOOL + "spawn_agent", "{\"prompt\": \"" + task + "\"}"),
                        new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                        new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"),
                        new Call("Bash", npmTest),
                        new Call(TOOL + "resume_session", "{\"job_id\": \"{job_id}\", \"prompt\": \"Your change does "
                                + "not pass the project's check: npm test fails with AssertionError: expected state "
                                + "fixed, got broken. Fix it.\"}"),
                        new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                        new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"),
                        new Call("Bash", npmTest), new Say("Done: npm test passes."));
                case "verified" -> List.of(
                        new Call(TOOL + "spawn_agent", "{\"prompt\": \"" + task + "\", \"verify\": \"auto\", "
                                + "\"fix_attempts\": 1}"),
                        new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"any\"}"),
                        new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"), new Say("Done: verified."));
                default -> List.of(
                        new Call(TOOL + "spawn_agent", "{\"prompt\": \"" + task + "\", \"verify\": \"auto\", "
                                + "\"attempts\": [\"claude\", \"alt\", \"alt2\"]}"),
                        new Call(TOOL + "job_status", "{\"job_ids\": [\"{job_id}\"], \"wait\": \"all\"}"),
                        new Call(TOOL + "read_summary", "{\"job_id\": \"{job_id}\"}"), new Say("Done: the winner verified."));
            };
            Path config = Files.writeString(dir.resolve("shipped.json"), HostClaude.shippedMcpConfig());
            long start = System.nanoTime();
            try (HostModelMock model = new HostModelMock(script, List.of())) {
                HostClaude claude = new HostClaude(dir.resolve("home"), model.baseUrl())
                        .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
                claude.run(project, 300, "-p", "Make npm test pass with a background agent.", "--mcp-config",
                        config.toString(), "--strict-mcp-config", "--allowedTools", "mcp__bg-agents", "Bash");
                double seconds = (System.nanoTime() - start) / 1e9;
                List<HostModelMock.Exchange> got = model.exchanges();
                long expected = script.stream().filter(s -> s instanceof Call).count();
                // a failing npm test is an error result, as the host's Bash says; our tools' answers are not
                if (got.size() != expected || got.stream().anyMatch(e -> e.isError() && e.tool().startsWith(TOOL))) {
                    throw new IllegalStateException(way + ": the host's model did not get " + expected
                            + " answers: " + got);
                }
                String last = got.get(got.size() - 1).received();
                String outcome = way.equals("plain") ? (last.contains("1 passing") ? "npm test passes" : "npm test fails")
                        : last.contains("Verified: ") || last.contains(", verified)") ? "verified" : "not verified";
                if (System.getenv("BG_WAYS_SHOW") != null) {
                    got.forEach(e -> System.err.println(way + " ← " + e.tool() + ": " + e.received()));
                }
                return new Way(way, outcome, got.size(), got.stream().mapToInt(e -> e.received().length()).sum(), seconds);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        BenchTable.print("one task three ways, through Claude Code " + HostClaude.VERSION + ", " + runs + " runs",
                figures(runs), null);
    }
}
