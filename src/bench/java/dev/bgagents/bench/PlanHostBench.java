package dev.bgagents.bench;

import dev.bgagents.it.HostClaude;
import dev.bgagents.it.PlanHostFlow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A five-task plan over real claude, codex and gemini, every task checked, through real Claude Code
 * as the host whose model follows the answers' hints: the host tool calls and the characters its
 * model received until the plan is merged, and how many of the five tasks landed. Printed, not
 * asserted (PlanHostE2EIT asserts the outcome). Usage: bench/plan_host.sh [runs]
 */
public final class PlanHostBench {
    private PlanHostBench() {
    }

    static List<Figure> figures(int runs) throws Exception {
        List<Integer> calls = new ArrayList<>();
        List<Integer> chars = new ArrayList<>();
        int landed = 0;
        for (int i = 0; i < runs; i++) {
            Path dir = Files.createTempDirectory("bg-plan-host-");
            try {
                PlanHostFlow.Result r = PlanHostFlow.run(dir);
                calls.add(r.calls());
                chars.add(r.chars());
                landed = Math.min(i == 0 ? 5 : landed, r.landed());
                System.err.println("run " + (i + 1) + ": " + r.calls() + " calls, " + r.chars() + " chars (" + r.perCall()
                        + "), " + r.landed() + "/5 landed");
            } finally {
                new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
            }
        }
        String what = "5-task plan (claude, codex, gemini; verified), host follows the hints until merged (Claude Code "
                + HostClaude.VERSION + " -p; " + landed + "/5 landed in every run)";
        return List.of(
                Figure.of("plan host", what + ": host tool calls", Figure.median(calls), "calls"),
                Figure.of("plan host", what + ": characters the model received", Figure.median(chars), "chars"));
    }

    public static void main(String[] args) throws Exception {
        if (!PlanHostFlow.installed()) {
            System.err.println("needs .tools/host (Claude Code " + HostClaude.VERSION + ") and claude, codex, gemini in .tools");
            System.exit(2);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        BenchTable.print("a plan through Claude Code as host, " + runs + " runs", figures(runs), null);
    }
}
