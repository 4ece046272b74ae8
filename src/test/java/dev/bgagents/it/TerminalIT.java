package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The human commands on a terminal, as a person runs them: in a pseudo-terminal made by
 * util-linux {@code script}, so the jar sees a TTY on stdin and stdout and draws colour, live
 * redraws and progress; and the same commands with {@code NO_COLOR} or piped stay plain.
 */
class TerminalIT {
    private static final String ESC = "\u001b";

    /** Runs {@code bg-agents args} in a pseudo-terminal; what the terminal showed (stdout and stderr). */
    static SubcommandsIT.Run pty(Path project, Map<String, String> env, int limitSeconds, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> words = new ArrayList<>(List.of(java, "-jar", ServerHarness.JAR.toString()));
        words.addAll(List.of(args));
        return ptyShell(project, env, limitSeconds, String.join(" ", words.stream().map(TerminalIT::quoted).toList()));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Runs a shell command line in a pseudo-terminal; what the terminal showed. */
    static SubcommandsIT.Run ptyShell(Path project, Map<String, String> env, int limitSeconds, String command)
            throws Exception {
        Process p = startInPty(project, env, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(limitSeconds, TimeUnit.SECONDS), "ended within " + limitSeconds + " s:\n" + out);
        return new SubcommandsIT.Run(p.exitValue(), out, "");
    }

    /** Starts a shell command line in a pseudo-terminal; what the terminal shows is the process's output. */
    private static Process startInPty(Path project, Map<String, String> env, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null");
        pb.environment().put("BG_AGENTS_PROJECT", project.toString());
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().put("COLUMNS", "160");
        pb.environment().remove("NO_COLOR");
        pb.environment().putAll(env);
        return pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).start();
    }

    private static int count(String text, String needle) {
        return text.split(Pattern.quote(needle), -1).length - 1;
    }

    @Test
    void jobsOnATerminalIsColouredAndPlainWithNoColor(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String ok = h.spawn("please write a.txt", Map.of());
            String bad = h.spawn("MODE:crash", Map.of());
            h.awaitEnd(ok);
            h.awaitEnd(bad);
            SubcommandsIT.Run coloured = pty(dir, Map.of(), 30, "jobs");
            assertEquals(0, coloured.exit(), coloured.out());
            assertTrue(coloured.out().contains(ESC + "[32msucceeded"), "succeeded in green: " + coloured.out());
            assertTrue(coloured.out().contains(ESC + "[31mfailed"), "failed in red: " + coloured.out());
            assertTrue(coloured.out().contains(ESC + "[1mJOB"), "a bold header: " + coloured.out());

            SubcommandsIT.Run plain = pty(dir, Map.of("NO_COLOR", "1"), 30, "jobs");
            assertFalse(plain.out().contains(ESC), "NO_COLOR: not one escape: " + plain.out());
            assertTrue(plain.out().contains(ok) && plain.out().contains("succeeded"), plain.out());
        }
    }

    @Test
    void watchRedrawsInPlaceWhileAJobRunsAndLeavesWhenItIsDone(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:work=1", Map.of());
            SubcommandsIT.Run watch = pty(dir, Map.of(), 60, "watch", "--until-done", "--interval", "0.3");
            assertEquals(0, watch.exit(), watch.out());
            String screen = watch.out();
            int redraws = count(screen, ESC + "[H" + ESC + "[2J");
            assertTrue(redraws >= 3, "redrawn in place, not scrolled: " + redraws + " redraws");
            int running = screen.indexOf("running");
            int succeeded = screen.lastIndexOf("succeeded");
            assertTrue(running >= 0 && succeeded > running, "seen running, then succeeded: " + screen);
            // its last activity changed on screen while it ran
            assertTrue(screen.contains("Bash: npm test") || screen.contains("said: Looking at the tests"), screen);
            assertTrue(screen.contains(id), screen);
            assertTrue(screen.contains(ESC + "[?25h"), "the cursor given back");
        }
    }

    @Test
    void watchPipedPrintsTheTableOnlyWhenSomethingChanged(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:sleep=3", Map.of());
            SubcommandsIT.Run watch = SubcommandsIT.run(dir, "watch", "--until-done", "--interval", "0.2");
            assertEquals(0, watch.exit(), watch.err());
            assertFalse(watch.out().contains(ESC), "plain: " + watch.out());
            long tables = watch.out().lines().filter(l -> l.startsWith("JOB")).count();
            // ~15 looks in 3 s; a table only for queued/running/said/succeeded changes
            assertTrue(tables >= 2 && tables <= 6, tables + " tables:\n" + watch.out());
            assertTrue(watch.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("succeeded")), watch.out());
        }
    }

    @Test
    void doctorShowsItsProgressOnATerminalWhileTheClisAnswer(@TempDir Path dir) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", AgentHomes.BIN + ":" + System.getenv("PATH"));
        env.put("HOME", java.nio.file.Files.createDirectories(dir.resolve("home")).toString());
        SubcommandsIT.Run doctor = pty(dir, env, 60, "doctor");
        Matcher progress = Pattern.compile("\r" + Pattern.quote(ESC) + "\\[Kprobing 5 agent CLIs… (\\d)/5 answered")
                .matcher(doctor.out());
        List<Integer> counts = new ArrayList<>();
        while (progress.find()) {
            counts.add(Integer.parseInt(progress.group(1)));
        }
        assertEquals(List.of(1, 2, 3, 4, 5), counts, "a progress line redrawn as each CLI answers: " + doctor.out());
        assertTrue(doctor.out().contains("providers can run here"), doctor.out());
    }

    @Test
    void tailOnATerminalFollowsTheJobLiveInColour(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:work=1", Map.of());
            SubcommandsIT.Run tail = pty(dir, Map.of(), 60, "tail", id);
            assertEquals(0, tail.exit(), tail.out());
            assertTrue(tail.out().contains(ESC + "[1msaid: " + ESC + "[0mLooking at the tests first."), tail.out());
            assertTrue(tail.out().contains(ESC + "[2m$ npm test -> exit 1"), "commands dimmed: " + tail.out());
            assertTrue(tail.out().contains("## " + id + ": succeeded"), tail.out());
        }
    }

    @Test
    void bareBgAgentsOnATerminalSaysWhatItIsAndHowItIsUsedInsteadOfWaiting(@TempDir Path dir) throws Exception {
        SubcommandsIT.Run bare = ptyShell(dir, Map.of(), 30, quoted(Path.of("bin/bg-agents").toAbsolutePath().toString()));
        assertEquals(2, bare.exit(), bare.out());
        String out = bare.out();
        assertTrue(out.contains("an MCP server that runs coding-agent CLIs"), out);
        assertTrue(out.contains("a host starts it, not a person"), out);
        for (String command : List.of("jobs", "tail", "watch", "doctor", "gc", "demo", "dashboard", "link", "serve")) {
            assertTrue(out.contains("  bg-agents " + command + " "), command + " in:\n" + out);
        }
        // the registration names the launcher that ran, ready to paste
        assertTrue(out.contains("claude mcp add-json -s user bg-agents '{\"type\":\"stdio\",\"command\":\""
                + Path.of("bin/bg-agents").toRealPath() + "\""), out);

        SubcommandsIT.Run served = pty(dir, Map.of(), 30, "serve"); // asked for: it serves, and says it waits
        assertTrue(served.out().contains("bg-agents: serving MCP on this terminal's stdin"), served.out());
    }

    @Test
    void fromAHostsPipeItServesAndStdoutIsProtocolOnlyEvenWithATerminalForStdout(@TempDir Path dir) throws Exception {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // as a host does: stdin stays open (a client that closes it at once is gone), stdout and stderr a terminal
        Process p = startInPty(dir, Map.of(), "{ printf '%s\\n' " + quoted(initialize) + "; sleep 60; } | "
                + quoted(java) + " -jar " + quoted(ServerHarness.JAR.toString()) + " 2>/dev/null");
        StringBuilder shown = new StringBuilder();
        try (java.io.BufferedReader terminal = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; !shown.toString().contains("serverInfo") && (line = terminal.readLine()) != null; ) {
                shown.append(line).append('\n');
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        List<String> lines = shown.toString().lines().filter(l -> !l.isBlank()).toList();
        assertTrue(shown.toString().contains("\"serverInfo\""), "it served: " + shown);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"jsonrpc\":\"2.0\"")), "protocol only: " + shown);
    }
}
