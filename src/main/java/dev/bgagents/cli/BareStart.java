package dev.bgagents.cli;

import dev.bgagents.mcp.tools.ServerInfo;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bg-agents} with no command serves MCP on stdin, which is what a host wants and what
 * looks hung to a person at a terminal: for them, what it is and how it is used instead.
 */
public final class BareStart {
    private BareStart() {
    }

    /**
     * Whether stdin is a terminal (a person typed the command) rather than a host's pipe. Linux
     * says what fd 0 is; elsewhere the JDK's console stands for it (stdin and stdout both terminals).
     */
    public static boolean stdinIsTerminal() {
        try {
            String fd0 = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return fd0.startsWith("/dev/pts/") || fd0.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException noProc) {
            return System.console() != null;
        }
    }

    /** What bg-agents is, its commands and how a host starts it, on {@code err}; the exit status. */
    public static int explain(PrintStream err) {
        err.println(ServerInfo.NAME + " " + ServerInfo.VERSION + ": an MCP server that runs coding-agent CLIs "
                + "(claude, codex, gemini, opencode…) in the background, each in its own git worktree,");
        err.println("and answers its host with compact summaries. With no command it serves MCP on stdin: "
                + "a host starts it, not a person.");
        err.println();
        err.println("Register it with your host once, e.g. Claude Code:");
        err.println("  claude mcp add-json -s user bg-agents '{\"type\":\"stdio\",\"command\":\"" + launcher()
                + "\",\"alwaysLoad\":true}'");
        err.println("(Codex, Gemini CLI, Cursor, VS Code: the README's \"Install it in your host\".)");
        err.println();
        err.println("At the terminal:");
        BgAgentsCli.commandLine().getSubcommands().forEach((name, command) -> err.printf("  bg-agents %-10s %s%n",
                name, command.getCommandSpec().usageMessage().description()[0]));
        err.println("  bg-agents serve      serve MCP on this terminal anyway (JSON-RPC, one message a line)");
        err.println("  bg-agents --help     every command; bg-agents COMMAND --help, its options");
        err.flush();
        return 2;
    }

    /** Said on stderr when a person asked for {@code serve} on a terminal: it is waiting, not hung. */
    public static void hintServing(PrintStream err) {
        err.println("bg-agents: serving MCP on this terminal's stdin (JSON-RPC, one message a line; Ctrl-D ends it). "
                + "Hosts start it themselves: bg-agents --help");
        err.flush();
    }

    /** The command a host should start: the launcher that ran this (bin/bg-agents says), else its usual place. */
    static String launcher() {
        String set = System.getenv("BG_AGENTS_LAUNCHER");
        return set != null && !set.isBlank() ? set : "/absolute/path/to/bg-agents/bin/bg-agents";
    }
}
