package dev.bgagents;

import dev.bgagents.cli.Doctor;
import dev.bgagents.cli.JobsCommand;
import dev.bgagents.cli.ServerLogFile;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.config.ConfigProblem;
import dev.bgagents.demo.Demo;
import dev.bgagents.project.ProjectDir;
import dev.bgagents.project.StateLayout;
import dev.bgagents.mcp.BgAgentsServer;
import dev.bgagents.mcp.tools.ServerInfo;

import java.nio.file.Path;
import java.util.Arrays;

/** Entry point: serve MCP on stdio (default), or a human subcommand. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        // hosts start MCP servers in the project; BG_AGENTS_PROJECT names another one
        String projectEnv = System.getenv("BG_AGENTS_PROJECT");
        Path cwd = projectEnv == null || projectEnv.isBlank() ? Path.of("").toAbsolutePath() : Path.of(projectEnv);
        switch (command) {
            case "serve" -> {
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
            case "demo" -> System.exit(Demo.run(rest));
            case "runner" -> {
                // started by a server whose host quit with jobs left; its output is already the log file
                Path project = ProjectDir.root(cwd);
                System.exit(dev.bgagents.orchestration.Runner.run(project, ConfigLoader.load(project)));
            }
            case "doctor" -> System.exit(noArguments("doctor", rest) ? Doctor.run(ProjectDir.root(cwd)) : 2);
            case "jobs" -> System.exit(noArguments("jobs", rest) ? JobsCommand.list(ProjectDir.root(cwd)) : 2);
            case "tail" -> System.exit(JobsCommand.tail(ProjectDir.root(cwd), rest));
            case "gc" -> System.exit(JobsCommand.gc(ProjectDir.root(cwd), rest));
            case "help", "--help", "-h" -> usage(0);
            case "--version", "version" -> System.out.println(ServerInfo.NAME + " " + ServerInfo.VERSION);
            default -> {
                System.err.println("bg-agents: unknown command \"" + command + "\"");
                usage(2);
            }
        }
    }

    /** Commands that take nothing refuse what they are given rather than ignore it. */
    private static boolean noArguments(String command, String[] rest) {
        if (rest.length == 0) {
            return true;
        }
        System.err.println("bg-agents " + command + ": unknown argument \"" + rest[0] + "\"\nusage: bg-agents " + command);
        return false;
    }

    private static void usage(int code) {
        (code == 0 ? System.out : System.err).println("""
                usage: bg-agents [command]      (bin/bg-agents; or java -jar target/bg-agents.jar [command])
                  (none) | serve   serve MCP on stdio for the project in the current directory
                  demo             spawn -> wait -> summary on a scratch repo with a stand-in agent
                  doctor           which agent CLIs are installed, their versions, what each is missing
                  jobs             table of this project's jobs
                  tail JOB         follow one job's output until it ends
                  gc [--force]     remove worktrees of merged jobs and of cancelled jobs that did nothing;
                                   --force also removes unmerged ones
                  runner           (started by a server whose host quit) finish the project's jobs, then exit""");
        System.exit(code);
    }
}
