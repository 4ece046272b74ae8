package dev.bgagents.it;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shared set-up of the end-to-end tests that drive the real agent CLIs. */
public final class E2E {
    private E2E() {
    }

    /** Skips where the CLI is not installed, except under CI=true where that is a failure. */
    public static void requireInstalled(String cli) {
        if ("true".equals(System.getenv("CI")) || Boolean.getBoolean("bgagents.e2e.required")) {
            assertTrue(AgentHomes.installed(cli), cli + " missing in " + AgentHomes.BIN + " (.ci/run installs it)");
        }
        Assumptions.assumeTrue(AgentHomes.installed(cli), cli + " not installed in " + AgentHomes.BIN);
    }

    /** A started server on {@code project} whose {@code cli} provider is the real CLI. */
    /** A server, not started, whose claude and codex are the real CLIs, each on its mock model server. */
    public static ServerHarness claudeAndCodex(Path project, Path home, String anthropicUrl, String responsesUrl,
                                               String geminiUrl) throws Exception {
        return new ServerHarness(project, "", AgentHomes.command("claude"), AgentHomes.env(home, anthropicUrl,
                responsesUrl, geminiUrl)).withProviders(java.util.Map.of("codex", java.util.Map.of("command",
                AgentHomes.command("codex"))));
    }

    public static ServerHarness harness(Path project, Path home, String cli, String anthropicUrl, String responsesUrl,
                                 String geminiUrl) throws Exception {
        ServerHarness h = new ServerHarness(project, "", cli.equals("claude") ? AgentHomes.command("claude")
                : java.util.List.of("bash", ServerHarness.STANDIN.toString()),
                AgentHomes.env(home, anthropicUrl, responsesUrl, geminiUrl));
        if (!cli.equals("claude")) {
            h.withProviders(java.util.Map.of(cli, java.util.Map.of("command", AgentHomes.command(cli))));
        }
        return h.start();
    }
}
