package dev.bgagents.cli;

import dev.bgagents.mcp.tools.ServerInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The human commands on the launcher. Serving MCP ({@code serve}, the default) and the runner
 * are dispatched before this, so a host's start-up never loads the argument parser.
 */
@Command(name = "bg-agents", mixinStandardHelpOptions = true,
        versionProvider = BgAgentsCli.Version.class,
        description = "Background coding agents in git worktrees. With no command: serve MCP on stdio.",
        subcommands = {JobsCommand.class, TailCommand.class, WatchCommand.class, DoctorCommand.class,
                GcCommand.class, DemoCommand.class, DashboardCommand.class},
        footer = {"", "  serve      serve MCP on stdio for this directory's project (the default)",
                "  runner     finish the project's jobs after its host quit (a server starts it)"})
public final class BgAgentsCli implements Runnable {
    private BgAgentsCli() {
    }

    /** Runs one human command; the exit status: 0, 1 when it failed, 2 for a usage error. */
    public static int run(String[] args) {
        CommandLine cli = new CommandLine(new BgAgentsCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // a usage error says what was wrong and how the command is used, every time
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine wrong = e.getCommandLine();
            wrong.getErr().println(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, wrong.getErr());
            wrong.usage(wrong.getErr());
            return 2;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("bg-agents " + line.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{ServerInfo.NAME + " " + ServerInfo.VERSION};
        }
    }
}
