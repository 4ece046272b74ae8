package dev.bgagents.cli;

import dev.bgagents.mcp.tools.ServerInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * The human commands on the launcher. Serving MCP ({@code serve}, the default) and the runner
 * are dispatched before this, so a host's start-up never loads the argument parser.
 */
@Command(name = "bg-agents", mixinStandardHelpOptions = true,
        versionProvider = BgAgentsCli.Version.class,
        description = "Background coding agents in git worktrees. With no command: serve MCP on stdio.",
        subcommands = {JobsCommand.class, TailCommand.class, WatchCommand.class, DoctorCommand.class,
                GcCommand.class, DemoCommand.class, DashboardCommand.class, LinkCommand.class},
        footer = {"", "  serve      serve MCP on stdio for this directory's project (the default)",
                "  runner     finish the project's jobs after its host quit (a server starts it)"})
public final class BgAgentsCli implements Runnable {
    private BgAgentsCli() {
    }

    /** Runs one human command; the exit status: 0, 1 when it failed, 2 for a usage error. */
    public static int run(String[] args) {
        return commandLine().execute(args);
    }

    /** The commands with their handlers of usage errors and failures, ready to execute. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BgAgentsCli());
        // every command answers -h/--help and -V/--version as the top-level one does (picocli's
        // inherited scope would hand them its footer too)
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().mixinStandardHelpOptions(true).versionProvider(new Version());
        }
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // a usage error is one line: what was wrong, and where the command's usage is
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine wrong = e.getCommandLine();
            String command = wrong.getCommandSpec().qualifiedName();
            wrong.getErr().println(command + ": " + problem(e) + " (see: " + command + " --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("bg-agents " + line.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli;
    }

    private static String problem(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            return e.getMessage() + "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        List<String> unknown = e.getCommandLine().getUnmatchedArguments();
        // picocli names a missing argument before an unknown option (tail --bogus), which is the mistake made
        if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unknown.isEmpty()
                && unknown.get(0).startsWith("-")) {
            return "Unknown option: '" + unknown.get(0) + "'";
        }
        return e.getMessage();
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
