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
        return ran(pb);
    }

    /** Runs it with nothing on stdin: its exit status, stdout and stderr. */
    private static Run ran(ProcessBuilder pb) throws Exception {
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

            assertFalse(jobs.out().contains("\u001b"), "piped: no colour codes");

            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            assertTrue(tail.out().lines().anyMatch(l -> l.equals("Write a.txt")), "what it did, readable: " + tail.out());
            assertTrue(tail.out().contains("said: Done: wrote a.txt."), tail.out());
            assertFalse(tail.out().contains("\"type\":"), "no raw stream: " + tail.out());
            assertTrue(tail.out().contains("## " + id + ": succeeded"), "then the summary: " + tail.out());
            Run raw = run(dir, "tail", "--raw", id);
            assertTrue(raw.out().contains("\"type\":\"result\""), "--raw: the stream itself: " + raw.out());

            Run bad = run(dir, "tail", "../../etc");
            assertEquals(2, bad.exit());
            assertTrue(bad.err().contains("malformed job id"), bad.err());
            Run unknown = run(dir, "tail", "claude-ffffff");
            assertEquals(2, unknown.exit());
            assertTrue(unknown.err().contains("unknown job claude-ffffff"), unknown.err());

            for (String[] wrong : List.of(new String[] {"gc", "--bogus"}, new String[] {"jobs", "--bogus"},
                    new String[] {"doctor", "extra"}, new String[] {"watch", "--interval", "0"},
                    new String[] {"dashboard", "--port", "70000"}, new String[] {"bogus"})) {
                Run refused = run(dir, wrong);
                assertEquals(2, refused.exit(), String.join(" ", wrong) + ": " + refused.out());
                assertTrue(refused.err().contains(wrong[wrong.length == 3 ? 1 : wrong.length - 1]), refused.err());
                assertEquals(1, refused.err().lines().count(), "one line: " + refused.err());
                assertTrue(refused.err().contains(" --help)"), "where the usage is: " + refused.err());
                assertTrue(refused.out().isEmpty(), "nothing done: " + refused.out());
            }
        }
    }

    @Test
    void tailFollowsARunningJobAsReadableLinesAndEndsWithItsSummary(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:work=1", Map.of());
            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            List<String> expected = List.of("said: Looking at the tests first.", "Bash: npm test",
                    "$ npm test -> exit 1", "Write fix.txt", "said: Fixed the failing tests.", "## " + id + ": succeeded");
            int at = -1;
            for (String line : expected) {
                int next = tail.out().indexOf(line, at + 1);
                assertTrue(next > at, "\"" + line + "\" after the lines before it in:\n" + tail.out());
                at = next;
            }
        }
    }

    @Test
    void tailShowsEveryMessageOfAnAgentThatOnlyTalksInOrder(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:spend=5", Map.of()); // five messages, no tool between them, then its result
            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            List<String> said = tail.out().lines().filter(l -> l.startsWith("said: ")).toList();
            assertEquals(List.of("said: step 1", "said: step 2", "said: step 3", "said: step 4", "said: step 5",
                    "said: Spent."),
                    said, tail.out());
        }
    }

    @Test
    void jobsShowsTheRecentOnesByDefaultEveryOneWithAllAndEachPlanTasksWave(@TempDir Path dir) throws Exception {
        String plan = """
                # Two steps

                ## Tasks

                1. **First**: write first.txt
                2. **Second**: REQUIRE:first.txt write second.txt
                   Depends on: 1
                """;
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String old = h.spawn("MODE:crash", Map.of());
            h.awaitEnd(old);
            String session = (String) ServerHarness.structured(h.call("decompose_plan", Map.of("plan", plan)))
                    .get("session");
            h.call("spawn_agent", Map.of("session", session));
            var status = new com.fasterxml.jackson.databind.ObjectMapper();
            Path statusFile = dir.resolve(".context/impl").resolve(session).resolve("status.json");
            dev.bgagents.Await.until("the plan ends", java.time.Duration.ofSeconds(60), () -> {
                try {
                    var tasks = status.readTree(statusFile.toFile()).get("tasks");
                    return tasks.get(0).path("status").asText().equals("succeeded")
                            && tasks.get(1).path("status").asText().equals("succeeded");
                } catch (java.io.IOException beingWritten) {
                    return false;
                }
            });
            var tasks = status.readTree(statusFile.toFile()).get("tasks");
            String first = tasks.get(0).get("job_id").asText();
            String second = tasks.get(1).get("job_id").asText();

            // the crashed job is three days old: not recent
            Path record = h.jobDir(old).resolve("job.json");
            String json = java.nio.file.Files.readString(record);
            java.nio.file.Files.writeString(record, json.replaceFirst("\"created_at\"\\s*:\\s*\"[^\"]+\"",
                    "\"created_at\":\"" + java.time.Instant.now().minus(java.time.Duration.ofDays(3)) + "\""));

            Run jobs = run(dir, "jobs");
            assertEquals(0, jobs.exit(), jobs.err());
            String head = jobs.out().lines().findFirst().orElse("");
            for (String column : List.of("JOB", "PROVIDER", "STATUS", "TIME", "PLAN", "TASK", "ACTIVITY")) {
                assertTrue(head.contains(column), head);
            }
            assertFalse(jobs.out().contains(old), "three days old: not shown by default\n" + jobs.out());
            assertTrue(jobs.out().contains("1 older jobs not shown: bg-agents jobs --all"), jobs.out());
            assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith(first) && l.contains(" w1 ")), jobs.out());
            assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith(second) && l.contains(" w2 ")), jobs.out());

            Run all = run(dir, "jobs", "--all");
            assertTrue(all.out().lines().anyMatch(l -> l.startsWith(old) && l.contains("failed")
                    && l.contains("exited 3") && l.contains("stand-in crashed on purpose")), "the failure reason in its row: "
                    + all.out());
        }
    }

    @Test
    void jobsAcrossProjectsListsEveryProjectThisUserRanJobsIn(@TempDir Path one, @TempDir Path two) throws Exception {
        try (ServerHarness a = new ServerHarness(one, "").start();
             // one user: both servers, and the commands after, keep their state in one place
             ServerHarness b = new ServerHarness(two, "", List.of("bash", ServerHarness.STANDIN.toString()),
                     Map.of("XDG_STATE_HOME", a.stateHome.toString())).start()) {
            Map<String, String> user = Map.of("XDG_STATE_HOME", a.stateHome.toString());
            String inOne = a.spawn("please write one.txt", Map.of());
            String inTwo = b.spawn("please write two.txt", Map.of());
            a.awaitEnd(inOne);
            b.awaitEnd(inTwo);
            Path elsewhere = java.nio.file.Files.createTempDirectory("not-a-project");
            try {
                Run all = run(elsewhere, user, "jobs", "--all-projects", "--all");
                assertEquals(0, all.exit(), all.err());
                assertTrue(all.out().startsWith("PROJECT"), all.out());
                assertTrue(all.out().lines().anyMatch(l -> l.startsWith(one.getFileName().toString().substring(0, 20)) && l.contains(inOne)),
                        all.out());
                assertTrue(all.out().lines().anyMatch(l -> l.startsWith(two.getFileName().toString().substring(0, 20)) && l.contains(inTwo)),
                        all.out());
                Run named = run(elsewhere, user, "jobs", "--project", two.toString());
                assertTrue(named.out().contains(inTwo) && !named.out().contains(inOne), named.out());
                // and tail finds a job wherever it ran
                Run tail = run(elsewhere, user, "tail", inOne);
                assertTrue(tail.out().contains("## " + inOne + ": succeeded"), tail.out());
            } finally {
                dev.bgagents.project.StateFiles.deleteTree(elsewhere);
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

    /** The launcher as a person runs it from a shell, with the PATH and shell given here. */
    private static Run shell(Path home, String path, String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", command).directory(home.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", path);
        pb.environment().put("SHELL", "/bin/zsh");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("BG_AGENTS_JAR");
        return ran(pb);
    }

    @Test
    void theLinkStepSaysWhenItsDirectoryIsNotOnPathAndTheLineToAdd(@TempDir Path home) throws Exception {
        String launcher = Path.of("bin/bg-agents").toAbsolutePath().toString();
        Run linked = shell(home, "/usr/bin:/bin", "'" + launcher + "' link");
        String file = Path.of(launcher).toRealPath().toString(); // the launcher's own file, not a link to it
        assertEquals(0, linked.exit(), linked.err());
        Path link = home.resolve(".local/bin/bg-agents");
        assertTrue(linked.out().startsWith("linked " + link + " -> " + file + "\n"), linked.out());
        assertTrue(linked.out().contains(home.resolve(".local/bin") + " is not on your PATH, so `bg-agents` is not "
                + "found yet. Add this line to ~/.zshrc, then open a new terminal:\n  export PATH=\"$HOME/.local/bin:$PATH\"\n"),
                linked.out());
        // as the shell reads the line: the command is found, and runs the jar of this checkout
        Run found = shell(home, "/usr/bin:/bin", "export PATH=\"$HOME/.local/bin:$PATH\"; bg-agents -V");
        assertEquals("bg-agents 0.1.0\n", found.out(), found.err());

        Run again = shell(home, home.resolve(".local/bin") + ":/usr/bin:/bin", "bg-agents link");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains(home.resolve(".local/bin") + " is on your PATH"), again.out());

        Path taken = java.nio.file.Files.createDirectories(home.resolve("taken"));
        java.nio.file.Files.writeString(taken.resolve("bg-agents"), "someone else's\n");
        Run refused = shell(home, "/usr/bin:/bin", "'" + launcher + "' link taken");
        assertEquals(1, refused.exit(), refused.out());
        assertTrue(refused.err().contains(taken.resolve("bg-agents") + " exists and is not a link"), refused.err());
        assertEquals("someone else's\n", java.nio.file.Files.readString(taken.resolve("bg-agents")));
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
        String out = doctor.out();
        assertTrue(out.lines().anyMatch(l -> l.startsWith("ollama") && l.contains("NOT FOUND")), out);
        // the process control this run uses (the second IT pass forces the portable one) and what it runs
        boolean portable = "portable".equals(System.getenv("BG_AGENTS_PROCESSES"));
        assertTrue(out.contains("process control: " + (portable ? "portable" : "linux")), out);
        for (String tool : portable ? List.of("bash", "ps") : List.of("setsid")) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(tool + " ") && !l.contains("NOT FOUND")), out);
        }
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
        // and so does the exit status: with no credentials nothing can run here
        assertEquals(ready > 0 ? 0 : 1, doctor.exit(), out);

        // one provider that can run (a command of the user's needs no credentials) is enough
        Path config = dir.resolve("bg-agents.json");
        java.nio.file.Files.writeString(config, "{\"providers\": {\"mine\": {\"command\": [\"bash\", \""
                + ServerHarness.STANDIN + "\"], \"output\": \"text\"}}}");
        env.put("BG_AGENTS_CONFIG", config.toString());
        Run withOne = run(dir, env, "doctor");
        assertEquals(0, withOne.exit(), withOne.out());
        assertTrue(withOne.out().contains((ready + 1) + " of 6 providers can run here"), withOne.out());
    }
}
