package dev.bgagents;

import dev.bgagents.cli.BgAgentsCli;
import dev.bgagents.cli.ServerLogFile;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.config.ConfigProblem;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.project.StateLayout;
import dev.bgagents.mcp.BgAgentsServer;

import java.nio.file.Path;

/** Entry point: serve MCP on stdio (default), the runner, or a human command ({@link BgAgentsCli}). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        Path cwd = ProjectDir.startDir();
        switch (command) {
            case "serve" -> {
                var relaunched = JvmFlags.serveWithLauncherFlags(args);
                if (relaunched.isPresent()) {
                    System.exit(relaunched.get());
                }
                Path project = ProjectDir.root(cwd);
                // before any logger exists, so every log line also lands in the file
                ProjectDir.excludeState(project);
                ServerLogFile.teeStderr(new StateLayout(project).log());
                try {
                    BgAgentsServer.serve(project, ConfigLoader.load(project));
                } catch (ConfigLoader.ConfigException e) {
                    // a host shows only "failed to connect" for a server that exits: connect, and say why in every answer
                    System.err.println("bg-agents: " + e.getMessage());
                    BgAgentsServer.serveBroken(project, ConfigProblem.of(e.getMessage()));
                }
            }
            case "runner" -> {
                // started by a server whose host quit with jobs left; its output is already the log file
                Path project = ProjectDir.root(cwd);
                System.exit(dev.bgagents.orchestration.Runner.run(project, ConfigLoader.load(project)));
            }
            default -> System.exit(BgAgentsCli.run(args));
        }
    }
}
