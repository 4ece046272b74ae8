package dev.bgagents.it;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.HintFollower;
import dev.bgagents.it.mock.HostModelMock;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A five-task plan across claude, codex and gemini (the real CLIs, each against its mock model),
 * every task checked with the project's {@code npm test}, driven through real Claude Code as the
 * host. Its model opens with decompose_plan (what the user asked for) and then only follows what
 * the answers suggest ({@link HintFollower}), so the calls and characters it takes are what the
 * server's answers make a host spend.
 */
public final class PlanHostFlow {
    public static final String TOOL = "mcp__bg-agents__";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Task title → provider, the file it writes; task 4 builds on 2, task 5 on 1. */
    static final Map<String, String[]> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("Add helper", new String[]{"codex", "lib/add.js", "module.exports = (a, b) => a + b;"});
        TASKS.put("Multiply helper", new String[]{"gemini", "lib/multiply.js", "module.exports = (a, b) => a * b;"});
        TASKS.put("Subtract helper", new String[]{"claude", "lib/subtract.js", "module.exports = (a, b) => a - b;"});
        TASKS.put("Square helper on the facade", new String[]{"claude", "lib/square.js",
                "const multiply = require('./multiply');\nmodule.exports = (a) => multiply(a, a);"});
        TASKS.put("Cube helper", new String[]{"codex", "lib/cube.js",
                "module.exports = (a) => a * a * a;"});
    }

    private static final String PLAN = """
            # Math helpers

            ## Tasks

            ### 1. Add helper
            Write `lib/add.js` exporting add(a, b).
            Files: lib/add.js
            Provider: codex

            ### 2. Multiply helper
            Write `lib/multiply.js` exporting multiply(a, b).
            Files: lib/multiply.js
            Provider: gemini

            ### 3. Subtract helper
            Write `lib/subtract.js` exporting subtract(a, b).
            Files: lib/subtract.js
            Provider: claude

            ### 4. Square helper on the facade
            Write `lib/square.js` exporting square(a), using multiply.
            Files: lib/square.js
            Depends on: 2
            Provider: claude

            ### 5. Cube helper
            Write `lib/cube.js` exporting cube(a).
            Files: lib/cube.js
            Depends on: 1
            Provider: codex
            """;

    /** Every file under lib/ must load as a function: a task's check fails on a broken helper. */
    private static final String CHECK = """
            const fs = require('fs');
            const files = fs.existsSync('lib') ? fs.readdirSync('lib').filter(f => f.endsWith('.js')) : [];
            for (const f of files) {
              if (typeof require('./lib/' + f) !== 'function') { console.error(f + ' exports no function'); process.exit(1); }
            }
            console.log(files.length + ' helpers load');
            """;

    private PlanHostFlow() {
    }

    /**
     * What the host's model did and received, and what landed.
     *
     * @param landed the tasks' files on main at the end, of the five
     */
    public record Result(List<HostModelMock.Exchange> exchanges, int landed, String mainLog, String closing) {
        public int calls() {
            return exchanges.size();
        }

        public int chars() {
            return exchanges.stream().mapToInt(e -> e.received().length()).sum();
        }

        public String perCall() {
            StringBuilder b = new StringBuilder();
            for (HostModelMock.Exchange e : exchanges) {
                b.append(b.length() == 0 ? "" : ", ").append(e.tool().replace(TOOL, "")).append(' ')
                        .append(e.received().length());
            }
            return b.toString();
        }
    }

    public static boolean installed() {
        return java.nio.file.Files.isExecutable(HostClaude.BIN) && AgentHomes.installed("claude")
                && AgentHomes.installed("codex") && AgentHomes.installed("gemini");
    }

    public static Result run(Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock()) {
            ServerHarness h = new ServerHarness(project, "");
            Files.writeString(project.resolve("package.json"), "{\"name\": \"mathlib\", \"version\": \"1.0.0\", "
                    + "\"scripts\": {\"test\": \"node check.js\"}}\n");
            Files.writeString(project.resolve("check.js"), CHECK);
            h.git("add", "-A");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "mathlib");
            Map<String, String> env = AgentHomes.env(dir.resolve("agents-home"), anthropic.baseUrl(),
                    responses.baseUrl(), gemini.baseUrl());
            Map<String, Object> providers = new LinkedHashMap<>();
            for (String cli : List.of("claude", "codex", "gemini")) {
                providers.put(cli, Map.of("command", AgentHomes.command(cli), "env", env));
            }
            Files.writeString(project.resolve(".git/bg-agents.json"), JSON.writeValueAsString(
                    Map.of("kill_grace_seconds", 1, "providers", providers)));
            Map<String, Scenario> claude = new LinkedHashMap<>();
            Map<String, Scenario> codex = new LinkedHashMap<>();
            Map<String, Scenario> gem = new LinkedHashMap<>();
            TASKS.forEach((title, t) -> {
                Scenario write = new Scenario.WriteFile(t[1], t[2] + "\n", "Wrote " + t[1] + ".");
                (t[0].equals("claude") ? claude : t[0].equals("codex") ? codex : gem).put(title, write);
            });
            anthropic.scenarios(claude);
            responses.scenarios(codex);
            gemini.scenarios(gem);

            HintFollower follower = new HintFollower(TOOL, List.of(new HostModelMock.Call(TOOL + "decompose_plan",
                    JSON.writeValueAsString(Map.of("plan", PLAN, "feature", "math-helpers")))), 30);
            Path config = Files.writeString(dir.resolve("mcp.json"), HostClaude.shippedMcpConfig());
            try (HostModelMock model = new HostModelMock(follower)) {
                HostClaude host = new HostClaude(dir.resolve("host-home"), model.baseUrl())
                        .env("BG_AGENTS_CONFIG", project.resolve(".git/bg-agents.json").toString());
                HostClaude.Run run = host.run(project, 600, "-p",
                        "Run this plan with background agents, every task checked, and merge it.",
                        "--mcp-config", config.toString(), "--strict-mcp-config", "--allowedTools", "mcp__bg-agents");
                int landed = 0;
                for (String[] t : TASKS.values()) {
                    landed += h.git("ls-tree", "-r", "--name-only", "main").lines().anyMatch(t[1]::equals) ? 1 : 0;
                }
                return new Result(model.exchanges(), landed, h.git("log", "--format=%s", "main"),
                        run.exitCode() + " " + run.stdout().strip());
            }
        }
    }
}
