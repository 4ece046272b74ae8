package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The human subcommands on the packaged jar: jobs and tail read the same journal the server writes. */
class SubcommandsIT {

    record Run(int exit, String out, String err) {
    }

    static Run run(Path project, String... args) throws Exception {
        return run(project, Map.of(), args);
    }

    static Run run(Path project, Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", ServerHarness.JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BG_AGENTS_PROJECT", project.toString());
        pb.environment().putAll(env);
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void jobsListsAndTailPrintsTheSummaryOfAnEndedJob(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("please write a.txt", Map.of());
            assertEquals("succeeded", h.awaitEnd(id).get("status"));

            Run jobs = run(dir, "jobs");
            assertEquals(0, jobs.exit(), jobs.err());
            assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("succeeded")
                    && l.contains("please write a.txt")), jobs.out());

            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            assertTrue(tail.out().contains("\"type\":\"result\""), "the raw stream");
            assertTrue(tail.out().contains("## " + id + ": succeeded"), "then the summary: " + tail.out());

            Run bad = run(dir, "tail", "../../etc");
            assertEquals(2, bad.exit());
            assertTrue(bad.err().contains("malformed job id"), bad.err());

            for (String[] wrong : List.of(new String[] {"gc", "--bogus"}, new String[] {"jobs", "--bogus"},
                    new String[] {"doctor", "extra"})) {
                Run refused = run(dir, wrong);
                assertEquals(2, refused.exit(), String.join(" ", wrong) + ": " + refused.out());
                assertTrue(refused.err().contains("unknown argument \"" + wrong[1] + "\""), refused.err());
                assertTrue(refused.out().isEmpty(), "nothing done: " + refused.out());
            }
        }
    }

    @Test
    void jobsAndTailTellAnAgentThatExitedWhileNoServerWatchedFromItsExitRecord(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:sleep=2", Map.of());
            ProcessControlIT.awaitRunningWithOutput(h, id);
            h.killServerHard();
            Path exit = h.jobDir(id).resolve("exit");
            dev.bgagents.Await.until("the agent exits", java.time.Duration.ofSeconds(15),
                    () -> java.nio.file.Files.exists(exit));

            Run jobs = run(dir, "jobs");
            assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("exited 0")), jobs.out());

            long t0 = System.nanoTime();
            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            assertTrue(tail.out().contains(id + " exited with code 0; no server has recorded its end yet"), tail.out());
            assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "tail stops instead of hanging");
        }
    }

    @Test
    void theLauncherLinkedOntoPathRunsTheJarOfItsCheckout(@TempDir Path dir) throws Exception {
        Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        java.nio.file.Files.createSymbolicLink(bin.resolve("bg-agents"), Path.of("bin/bg-agents").toAbsolutePath());
        // through a shell, as a person types it: the command is found on the PATH given here
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "bg-agents jobs").directory(dir.toFile());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("BG_AGENTS_PROJECT", dir.toString());
        pb.environment().remove("BG_AGENTS_JAR"); // the link must find the jar by itself
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("no jobs under " + dir.resolve(".context/jobs")), out);
    }

    @Test
    void theDemoRunsTheWholeFlowWithoutWarningsAndRemovesItsScratchRepository(@TempDir Path dir) throws Exception {
        Run demo = run(dir, "demo");
        assertEquals(0, demo.exit(), demo.err());
        assertTrue(demo.out().contains("NOTES.md in the scratch repository after the merge"), demo.out());
        assertFalse((demo.out() + demo.err()).contains("WARN"), demo.out() + demo.err());
        String first = demo.out().lines().findFirst().orElse("");
        Path scratch = Path.of(first.replaceFirst("^Scratch repository: (\\S+).*$", "$1"));
        assertTrue(scratch.startsWith(System.getProperty("java.io.tmpdir")), first);
        assertFalse(java.nio.file.Files.exists(scratch), "removed after the run: " + scratch);
    }

    @Test
    void doctorSaysWhichClisAreFoundTheirVersionsAndWhatIsMissing(@TempDir Path dir) throws Exception {
        Path home = java.nio.file.Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new java.util.HashMap<>();
        env.put("PATH", AgentHomes.BIN + ":" + System.getenv("PATH"));
        env.put("HOME", home.toString());
        ProcessBuilder probe = new ProcessBuilder();
        // no credentials of the machine's leak in: the doctor must see a bare home
        for (String k : probe.environment().keySet()) {
            if (k.endsWith("_API_KEY") || k.startsWith("CLAUDE_") || k.startsWith("CODEX_") || k.startsWith("OPENCODE_")) {
                env.put(k, "");
            }
        }
        Run doctor = run(dir, env, "doctor");
        assertEquals(0, doctor.exit(), doctor.err());
        String out = doctor.out();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ollama") && l.contains("NOT FOUND")), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("setsid") && !l.contains("NOT FOUND")), out);
        Map<String, String> pinned = Map.of("claude", "2.1.197", "codex", "0.169.0", "gemini", "0.61.0",
                "opencode", "1.18.33");
        for (var e : pinned.entrySet()) {
            if (!AgentHomes.installed(e.getKey())) {
                continue;
            }
            assertTrue(out.lines().anyMatch(l -> l.startsWith(e.getKey()) && l.contains(e.getValue())
                    && l.contains("MISSING")), e.getKey() + " line in:\n" + out);
        }
        // the count says what the lines say: a CLI missing its credentials cannot run here
        long ready = out.lines().filter(l -> pinned.containsKey(l.split(" ")[0]) || l.startsWith("ollama"))
                .filter(l -> !l.contains("MISSING") && !l.contains("NOT FOUND")).count();
        String last = out.lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith(ready + " of 5 providers can run here"), last);
        assertTrue(doctor.err().contains("probing 5 agent CLIs"), "a word while it probes: " + doctor.err());
    }
}
