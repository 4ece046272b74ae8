package dev.bgagents.it;

import dev.bgagents.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Worktree bootstrap on real projects made here, through the packaged server and the stand-in agent:
 * what a project's tests need and git does not bring — dependencies installed in the checkout, a
 * .env, a virtual environment — is in each job's worktree before its agent starts, so its check
 * passes on the first try, with no network (the server's npm and pip point nowhere): nothing is
 * installed, everything comes from the checkout.
 */
class BootstrapIT {
    /** Any registry or index a job's processes could reach is a closed port: a job needing the network fails. */
    private static final Map<String, String> OFFLINE = Map.of("npm_config_registry", "http://127.0.0.1:9/",
            "npm_config_offline", "true", "PIP_NO_INDEX", "1", "PIP_INDEX_URL", "http://127.0.0.1:9/simple");

    private static ServerHarness offline(Path dir, String config) throws Exception {
        return new ServerHarness(dir, config, List.of("bash", ServerHarness.STANDIN.toString()), OFFLINE);
    }

    private static void commitAll(ServerHarness h, String message) throws Exception {
        h.git("add", "-A");
        h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", message);
    }

    /** Runs a command in {@code dir} (this test's, with the network), failing the test when it fails; its output. */
    private static String run(Path dir, String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", argv) + " did not end");
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + out);
        return out;
    }

    private static void verifiedOnTheFirstTry(ServerHarness h, String id) {
        Map<String, Object> end = h.awaitEnd(id);
        assertEquals("succeeded", end.get("status"), String.valueOf(end));
        assertEquals(true, end.get("verified"), String.valueOf(end));
    }

    @Test
    void anNpmProjectsDependenciesComeFromTheCheckoutAndItsTestsPassOnTheFirstTry(@TempDir Path dir) throws Exception {
        try (ServerHarness h = offline(dir, "")) {
            Files.writeString(dir.resolve(".gitignore"), "node_modules/\n");
            Files.writeString(dir.resolve("package.json"), """
                    {"name": "shop", "version": "1.0.0", "private": true,
                     "scripts": {"test": "node test.js"}, "dependencies": {"is-odd": "3.0.1", "left-pad": "1.3.0"}}
                    """);
            Files.writeString(dir.resolve("test.js"), """
                    const isOdd = require('is-odd'), leftPad = require('left-pad');
                    if (!isOdd(3) || leftPad('7', 3, '0') !== '007') { console.error('wrong'); process.exit(1); }
                    console.log('2 checks passed');
                    """);
            // real packages from the npm registry, installed in the person's checkout as a person would
            run(dir, "npm", "install", "--no-audit", "--no-fund", "--loglevel=error");
            commitAll(h, "shop");
            h.start();

            String id = h.spawn("write feature.txt", Map.of("worktree", true, "verify", "auto"));
            verifiedOnTheFirstTry(h, id);
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.matches("(?s).*Bootstrap: node_modules (cloned \\(copy-on-write\\)|copied) from the checkout in .*"),
                    summary);
            assertTrue(summary.contains("Verified: `npm test` passed"), summary);
            Path modules = h.worktree(id).resolve("node_modules");
            assertFalse(Files.isSymbolicLink(modules), "the worktree's own");
            assertTrue(Files.isRegularFile(modules.resolve("is-number/package.json")), "with is-odd's own dependency");
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void aProjectWhoseTestsReadDotEnvGetsItFromTheCheckout(@TempDir Path dir) throws Exception {
        try (ServerHarness h = offline(dir, "\"verify\": {\"env\": [\"sh\", \"-c\", \". ./.env; test \\\"$GREETING\\\" = hello "
                + "|| { echo \\\"GREETING is '$GREETING'\\\"; exit 1; }\"]}")) {
            Files.writeString(dir.resolve(".gitignore"), ".env\n");
            commitAll(h, "ignore .env");
            Files.writeString(dir.resolve(".worktreeinclude"), "# a worktree needs these\n.env\n");
            Files.writeString(dir.resolve(".env"), "GREETING=hello\n");
            h.start();

            var spawned = h.call("spawn_agent", Map.of("prompt", "write feature.txt", "verify", "env"));
            assertTrue(text(spawned).contains("bootstrap before the agent: copies the ignored files named in .worktreeinclude"),
                    text(spawned));
            String id = (String) ServerHarness.structured(spawned).get("job_id");
            verifiedOnTheFirstTry(h, id);
            assertTrue(text(h.call("read_summary", Map.of("job_id", id))).contains("Bootstrap: copied .env"));
        }
    }

    @Test
    void aPythonProjectsVirtualEnvironmentIsCopiedAndItsScriptsRunTheWorktreesPython(@TempDir Path dir) throws Exception {
        String check = "\"verify\": {\"py\": [\"sh\", \"-c\", \"test \\\"$(.venv/bin/greet-where)\\\" = \\\"$PWD/.venv\\\" "
                + "|| { echo \\\"greet-where ran in $(.venv/bin/greet-where)\\\"; exit 1; }; .venv/bin/python -m unittest -q\"]}";
        try (ServerHarness h = offline(dir, check)) {
            Files.writeString(dir.resolve(".gitignore"), ".venv/\n*.whl\n");
            Files.writeString(dir.resolve("requirements.txt"), "greet==0.1\n");
            Files.writeString(dir.resolve("test_greet.py"), """
                    import unittest
                    import greet

                    class GreetTest(unittest.TestCase):
                        def test_hi(self):
                            self.assertEqual(greet.hi(), "hi")
                    """);
            run(dir, "python3", "-m", "venv", ".venv");
            Path wheel = wheel(dir);
            run(dir, ".venv/bin/python", "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q", wheel.toString());
            commitAll(h, "python");
            h.start();

            String id = h.spawn("write feature.txt", Map.of("worktree", true, "verify", "py"));
            verifiedOnTheFirstTry(h, id);
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("Bootstrap: .venv "), summary);
            assertTrue(Files.readString(h.worktree(id).resolve(".venv/bin/greet-where")).startsWith("#!" + h.worktree(id)));
            assertTrue(Files.readString(dir.resolve(".venv/bin/greet-where")).startsWith("#!" + dir.toRealPath()),
                    "the checkout's venv is its own still");
        }
    }

    /** A wheel of package greet (hi(), and greet-where printing sys.prefix), made here: pip installs it with no index. */
    private static Path wheel(Path dir) throws IOException {
        Path whl = dir.resolve("greet-0.1-py3-none-any.whl");
        Map<String, String> files = Map.of(
                "greet/__init__.py", "import sys\n\ndef hi():\n    return 'hi'\n\ndef where():\n    print(sys.prefix)\n",
                "greet-0.1.dist-info/METADATA", "Metadata-Version: 2.1\nName: greet\nVersion: 0.1\n",
                "greet-0.1.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: BootstrapIT\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
                "greet-0.1.dist-info/entry_points.txt", "[console_scripts]\ngreet-where = greet:where\n");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(whl))) {
            StringBuilder record = new StringBuilder();
            for (var e : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                record.append(e.getKey()).append(",,\n");
            }
            zip.putNextEntry(new ZipEntry("greet-0.1.dist-info/RECORD"));
            zip.write((record + "greet-0.1.dist-info/RECORD,,\n").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return whl;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCheckoutsOwnTestRunFindsNoFileOfFiveAgentsWorktrees(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            Files.createDirectories(dir.resolve("test"));
            Files.writeString(dir.resolve("test/app.test.js"), "require('node:test')('app', () => {});\n");
            commitAll(h, "a test");
            List<Map<String, Object>> tasks = Stream.of(1, 2, 3, 4, 5).map(i -> Map.<String, Object>of("id", "t" + i,
                    "title", "Task " + i, "prompt", "MODE:sleep=6 task " + i, "provider", "claude")).toList();
            String session = (String) ServerHarness.structured(h.call("decompose_plan", Map.of("feature", "five",
                    "tasks", tasks))).get("session");
            var run = ServerHarness.structured(h.call("spawn_agent", Map.of("session", session, "verify", "none")));
            List<String> ids = ((List<Map<String, Object>>) run.get("jobs")).stream().map(j -> (String) j.get("job_id")).toList();
            assertEquals(5, ids.size());
            Await.until("the five agents run in their worktrees", Duration.ofSeconds(60), () -> ids.stream().allMatch(id ->
                    Files.isDirectory(h.jobDir(id)) && Files.exists(h.jobDir(id).resolve("stdout.log"))
                            && Files.isRegularFile(h.worktree(id).resolve("test/app.test.js"))));

            // the person's own test run, while the agents work
            String out = run(dir, "node", "--test");
            assertTrue(out.contains("# tests 1\n"), "only the checkout's own test: " + out);
            try (Stream<Path> all = Files.walk(dir)) {
                assertEquals(List.of(dir.resolve("test/app.test.js")), all.filter(p -> !p.startsWith(dir.resolve(".git")))
                        .filter(p -> p.getFileName().toString().equals("app.test.js")).toList(), "no copy inside the checkout");
            }
            for (String id : ids) {
                assertFalse(h.worktree(id).startsWith(dir), h.worktree(id) + " is outside the checkout");
                assertEquals("succeeded", h.awaitEnd(id).get("status"));
            }
        }
    }

    @Test
    void aServerKilledDuringTheSetupLeavesItToTheNextWhichStopsItAndRunsItAgain(@TempDir Path dir) throws Exception {
        Path witness = Files.createTempFile("bootstrap-it-setups", ".txt");
        try (ServerHarness h = new ServerHarness(dir, "\"worktree\": {\"setup\": [\"sh\", \"-c\", \"echo $$ >> " + witness
                // the first run outlasts any restart (the next server stops it); the one run again goes straight on
                + "; [ $(wc -l < " + witness + ") -gt 1 ] || sleep 120; echo done $$ >> " + witness
                + "; echo set up > setup-done.txt\"]}").start()) {
            String id = h.spawn("write feature.txt REQUIRE:setup-done.txt", Map.of("worktree", true));
            Await.until("the setup runs", Duration.ofSeconds(30), () -> lines(witness) == 1);
            long first = Long.parseLong(Files.readAllLines(witness).get(0).strip());
            h.killServerHard();
            // no secret-named variable reaches a setup (BG_TEST_TOKEN is one): it is found by the pid it wrote
            assertTrue(ServerHarness.running(first), "the setup outlives the server, detached as a job's processes are");
            h.start();
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            List<String> seen = Files.readAllLines(witness);
            assertEquals(3, seen.size(), "run again from its start, to its end: " + seen);
            assertEquals("done " + seen.get(1), seen.get(2), "the second one finished, the first was stopped: " + seen);
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
            String stdout = Files.readString(h.jobDir(id).resolve("stdout.log"));
            assertEquals(1, stdout.lines().filter(l -> l.contains("\"subtype\":\"init\"")).count(), "one agent: " + stdout);
        } finally {
            Files.deleteIfExists(witness);
        }
    }

    private static long lines(Path f) {
        try {
            return Files.readAllLines(f).size();
        } catch (IOException e) {
            return -1;
        }
    }
}
