package dev.bgagents.it;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.claude.ClaudeCli;
import dev.bgagents.agents.codex.CodexCli;
import dev.bgagents.agents.gemini.GeminiCli;
import dev.bgagents.agents.opencode.OpencodeCli;
import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.GeminiMock;
import dev.bgagents.it.mock.MockModelServer;
import dev.bgagents.it.mock.ResponsesMock;
import dev.bgagents.it.mock.Scenario;
import dev.bgagents.runtime.steering.TurnBoundary;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The measurements behind steering by interrupt and resume, with each real CLI straight from a shell (no
 * server) against its mock model: a run that keeps calling its shell tool is stopped by {@code signal} at
 * the first turn boundary its stream shows, then resumed in its session with a marked message. Prints one
 * line of figures per CLI and signal (docs/agent-channels.md has them); asserts what steering relies on —
 * a session id came first, and the resumed run's first request to the
 * model carries both the message and the turns before the stop.
 */
class SteerSignalsProbeIT {
    private static final String MARK = "STEER-7f3a";

    @ParameterizedTest
    @CsvSource({"codex,INT", "codex,TERM", "opencode,INT", "opencode,TERM", "claude,INT", "claude,TERM", "gemini,INT",
            "gemini,TERM"})
    void aRunStoppedAtATurnBoundaryResumesWithItsWork(String name, String signal, @TempDir Path dir) throws Exception {
        E2E.requireInstalled(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("probe.clis", name).contains(name),
                "-Dprobe.clis leaves " + name + " out");
        // the CLIs straight from a shell: the server's process control, which the suite runs twice, is not used
        org.junit.jupiter.api.Assumptions.assumeFalse("portable".equals(System.getProperty("bgagents.processes")),
                "measured once, with the Linux process control");
        AgentCli cli = switch (name) {
            case "codex" -> new CodexCli();
            case "opencode" -> new OpencodeCli();
            case "gemini" -> new GeminiCli();
            default -> new ClaudeCli();
        };
        Path work = Files.createDirectories(dir.resolve("project"));
        try (AnthropicMock anthropic = new AnthropicMock(); ResponsesMock responses = new ResponsesMock();
             GeminiMock gemini = new GeminiMock()) {
            MockModelServer mock = name.equals("codex") ? responses : name.equals("gemini") ? gemini : anthropic;
            mock.scenario(new Scenario.UntilSaid(MARK, new Scenario.KeepRunning("echo turn >> turns.txt; sleep 1"),
                    new Scenario.Text("Steered: stopping now.")));
            Map<String, String> env = new HashMap<>(AgentHomes.env(dir.resolve("home"), anthropic.baseUrl(),
                    responses.baseUrl(), gemini.baseUrl()));
            // gemini offers its shell tool under yolo only; the model is named, or it first asks a router
            Permissions perms = name.equals("gemini") ? Permissions.FULL : Permissions.WORKSPACE_WRITE;
            String model = name.equals("gemini") ? "gemini-2.5-pro" : null;
            List<String> exe = AgentHomes.command(name);
            String task = "Append turn lines to turns.txt until told otherwise.";
            Path out1 = dir.resolve("out1.jsonl");
            long t0 = System.nanoTime();
            Process first = start(cli.invocation(exe, new AgentRequest(task, work, model, perms, null)), task, work, env, out1);
            TurnBoundary boundaries = TurnBoundary.of(name);
            StreamParser parser = cli.newParser();
            long seenAt = waitForBoundary(out1, boundaries, parser, first);
            int requestsAtStop = mock.requests().size();
            long signalled = System.nanoTime();
            new ProcessBuilder("kill", "-" + signal, "--", "-" + first.pid()).inheritIO().start().waitFor();
            boolean exited = first.waitFor(20, TimeUnit.SECONDS);
            long stopMs = (System.nanoTime() - signalled) / 1_000_000;
            if (!exited) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + first.pid()).start().waitFor();
            }
            Files.readAllLines(out1).forEach(parser::line);
            String session = parser.sessionId();
            int turnsBefore = Files.readAllLines(work.resolve("turns.txt")).size();

            Path out2 = dir.resolve("out2.jsonl");
            String message = MARK + ": stop appending and say you are done.";
            long resumed = System.nanoTime();
            Process second = start(cli.invocation(exe, new AgentRequest(message, work, model, perms, session)), message, work, env, out2);
            long seenMs = -1;
            while (second.isAlive() && System.nanoTime() - resumed < 60_000_000_000L && seenMs < 0) {
                if (mock.requests().stream().skip(requestsAtStop).anyMatch(r -> r.toString().contains(MARK))) {
                    seenMs = (System.nanoTime() - resumed) / 1_000_000;
                }
                Thread.sleep(20);
            }
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "resumed run did not end");
            String seen = mock.requests().stream().skip(requestsAtStop).filter(r -> r.toString().contains(MARK))
                    .findFirst().map(Object::toString).orElse("");
            boolean earlierTurns = seen.contains(task) && seen.contains("echo turn >> turns.txt");
            String line = String.format("%s SIG%s: boundary after %d ms; exit %s in %d ms; session %s; %d turn(s) kept; "
                            + "resume exit %d; message at the mock %d ms after the resume started; earlier turns in it: %s",
                    name, signal, (seenAt - t0) / 1_000_000, exited ? String.valueOf(first.exitValue()) : "none (killed)",
                    stopMs, session == null ? "none" : "yes", turnsBefore, second.exitValue(), seenMs, earlierTurns);
            System.out.println("[steer-probe] " + line);
            // the streams, for the boundary tests' fixtures (src/test/resources/fixtures/agent-output/*-steered.*)
            Path captures = Files.createDirectories(Path.of("target", "steer-captures"));
            Files.copy(out1, captures.resolve(name + "-" + signal + "-stopped.stdout.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(out2, captures.resolve(name + "-" + signal + "-resumed.stdout.jsonl"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(Path.of("target", "steer-probe.txt"), line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // how soon each signal ends the run is measured, not asserted: the server's kill goes on to SIGKILL after
            // its grace, and what steering relies on is below (opencode, in full runs, outlasted 20 s on either)
            assertNotNull(session, line);
            assertTrue(seenMs >= 0, line);
            assertTrue(earlierTurns, line + "\n" + seen);
        }
    }

    private static Process start(Invocation inv, String prompt, Path work, Map<String, String> env, Path out)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(inv.argv());
        ProcessBuilder pb = new ProcessBuilder(argv).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(out.resolveSibling(out.getFileName() + ".err").toFile());
        pb.environment().putAll(env);
        pb.environment().putAll(inv.env());
        inv.unsetEnv().forEach(pb.environment()::remove);
        if (inv.promptOnStdin()) {
            Path p = out.resolveSibling(out.getFileName() + ".prompt");
            Files.writeString(p, prompt);
            pb.redirectInput(p.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        return pb.start();
    }

    private static long waitForBoundary(Path out, TurnBoundary b, StreamParser parser, Process p) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(out)) {
                for (String l : Files.readAllLines(out)) {
                    if (b.isBoundary(l)) {
                        return System.nanoTime();
                    }
                }
            }
            if (!p.isAlive()) {
                fail("ended before a turn boundary: " + Files.readString(out) + Files.readString(
                        out.resolveSibling(out.getFileName() + ".err")));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no turn boundary in 60 s: " + Files.readString(out));
    }
}
