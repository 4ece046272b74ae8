package dev.bgagents.cli;

import dev.bgagents.mcp.tools.ServerInfo;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What every command answers to the options every command takes, and to one it does not know. */
class BgAgentsCliTest {
    record Ran(int exit, String out, String err) {
    }

    private static Ran run(String... args) {
        CommandLine cli = BgAgentsCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Ran(exit, out.toString(), err.toString());
    }

    private static List<String> subcommands() {
        return List.copyOf(BgAgentsCli.commandLine().getSubcommands().keySet());
    }

    @Test
    void everySubcommandPrintsTheVersionAsTheTopLevelCommandDoes() {
        String version = ServerInfo.NAME + " " + ServerInfo.VERSION + "\n";
        assertEquals(new Ran(0, version, ""), run("-V"));
        assertFalse(subcommands().isEmpty());
        for (String command : subcommands()) {
            for (String flag : List.of("-V", "--version")) {
                assertEquals(new Ran(0, version, ""), run(command, flag), command + " " + flag);
            }
            Ran help = run(command, "--help");
            assertEquals(0, help.exit());
            assertTrue(help.out().startsWith("Usage: bg-agents " + command), help.out());
            assertTrue(help.out().contains("-V, --version"), help.out());
        }
    }

    @Test
    void anUnknownFlagOrCommandIsRefusedInOneLineThatNamesItAndWhereTheUsageIs() {
        for (String command : subcommands()) {
            Ran refused = run(command, "--bogus");
            assertEquals(2, refused.exit(), command);
            assertEquals("", refused.out(), command);
            assertEquals("bg-agents " + command + ": Unknown option: '--bogus' (see: bg-agents " + command
                    + " --help)\n", refused.err());
        }
        Ran unknown = run("bogus");
        assertEquals(2, unknown.exit());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().startsWith("bg-agents: ") && unknown.err().contains("'bogus'"), unknown.err());
        Ran close = run("jobs", "--al");
        assertEquals("bg-agents jobs: Unknown option: '--al'; did you mean --all-projects or --all? (see: bg-agents jobs --help)\n",
                close.err());
    }
}
