package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.Await;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A dependency folder made ahead for the next job: the second job of a project takes it with a rename,
 * as its own copy; a checkout that changed since makes it stale, and the job copies as before.
 */
class SparesTest {
    private static final String INDEX = "module.exports = s => ' ' + s;\n";

    @TempDir
    Path dir;

    /** {@link ReuseTest}'s npm project, with the hidden lockfile npm keeps in node_modules. */
    private static void npmProject(EngineFixture f) throws Exception {
        ReuseTest.npmProject(f);
        Files.writeString(f.project.resolve("node_modules/.package-lock.json"), "{\"v\": 1}\n");
    }

    private static String said(EngineFixture f, String id) {
        String said = ReuseTest.said(f.job(id));
        return said == null ? "" : said;
    }

    private static Path sparesOf(EngineFixture f) {
        return f.worktreeHome().dir().resolve(Spares.DIR);
    }

    /** The spare ready for the next job, once the background copy has made it. */
    private static Path readySpare(EngineFixture f) {
        return Await.value("a spare node_modules", Duration.ofSeconds(20), () -> {
            try (Stream<Path> s = Files.list(sparesOf(f))) {
                return s.filter(p -> p.getFileName().toString().matches("node_modules\\.[0-9a-f]{16}"))
                        .filter(p -> Files.isDirectory(p.resolve("tree"))).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        }, p -> p != null);
    }

    @Test
    void theNextJobTakesTheSpareAsItsOwnCopyAndAnotherIsMadeForTheOneAfter() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            npmProject(f);
            String first = f.spawn(SpawnRequest.prompt("one"));
            f.agentPid(first);
            assertTrue(said(f, first).matches("node_modules (cloned \\(copy-on-write\\)|copied) from the checkout in .*"),
                    said(f, first));
            Object spareTree = Files.readAttributes(readySpare(f).resolve("tree"), BasicFileAttributes.class).fileKey();

            String second = f.spawn(SpawnRequest.prompt("two"));
            f.agentPid(second);
            assertTrue(said(f, second).startsWith("node_modules copied ahead from the checkout in "), said(f, second));
            Path modules = f.job(second).workspace().path().resolve("node_modules");
            assertEquals(spareTree, Files.readAttributes(modules, BasicFileAttributes.class).fileKey(),
                    "the spare itself, moved, not copied again");
            assertFalse(Files.isSymbolicLink(modules), "never a link");
            assertEquals(INDEX, Files.readString(modules.resolve("leftpad/index.js")));

            Files.writeString(modules.resolve("leftpad/index.js"), "the agent's\n");
            assertEquals(INDEX, Files.readString(f.project.resolve("node_modules/leftpad/index.js")), "the checkout's untouched");
            Path next = readySpare(f);
            assertEquals(INDEX, Files.readString(next.resolve("tree/leftpad/index.js")), "the next spare is the checkout's");
        }
    }

    @Test
    void aCheckoutThatChangedSinceTheSpareWasMadeIsCopiedAgainAndTheStaleSpareGoes() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            npmProject(f);
            String first = f.spawn(SpawnRequest.prompt("one"));
            f.agentPid(first);
            Path stale = readySpare(f);

            // the person installed a package: npm rewrites its hidden lockfile and adds a folder
            Files.createDirectories(f.project.resolve("node_modules/isodd"));
            Files.writeString(f.project.resolve("node_modules/isodd/index.js"), "module.exports = n => n % 2 === 1;\n");
            Files.writeString(f.project.resolve("node_modules/.package-lock.json"), "{\"v\": 2}\n");
            String second = f.spawn(SpawnRequest.prompt("two"));
            f.agentPid(second);
            assertTrue(said(f, second).matches("node_modules (cloned \\(copy-on-write\\)|copied) from the checkout in .*"),
                    said(f, second));
            assertTrue(Files.exists(f.job(second).workspace().path().resolve("node_modules/isodd/index.js")),
                    "what the checkout holds now");
            Await.until("the stale spare goes", Duration.ofSeconds(20), () -> !Files.exists(stale));
        }
    }

    @Test
    void sparesTurnedOffLeaveEveryJobToCopyItsOwn() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"worktree\": {\"spares\": false}")) {
            npmProject(f);
            for (String prompt : List.of("one", "two")) {
                String id = f.spawn(SpawnRequest.prompt(prompt));
                f.agentPid(id);
                assertTrue(said(f, id).matches("node_modules (cloned \\(copy-on-write\\)|copied) from the checkout in .*"),
                        said(f, id));
            }
            assertFalse(Files.exists(sparesOf(f)), "no spare made");
        }
    }

    @Test
    void theFingerprintFollowsWhatInstallersChangeAndNotWhatTheyLeaveAlone() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("node_modules/leftpad"));
        Path lock = Files.writeString(dir.resolve("package-lock.json"), "{}\n");
        Files.writeString(modules.resolve("index.js"), INDEX);
        Path hidden = Files.writeString(dir.resolve("node_modules/.package-lock.json"), "{}\n");
        String before = Spares.fingerprint(dir.resolve("node_modules"), List.of(lock));
        assertEquals(before, Spares.fingerprint(dir.resolve("node_modules"), List.of(lock)), "nothing changed");

        Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().plusSeconds(5)));
        String touched = Spares.fingerprint(dir.resolve("node_modules"), List.of(lock));
        assertNotEquals(before, touched, "npm's hidden lockfile rewritten");

        Files.writeString(lock, "{\"x\": 1}\n");
        assertNotEquals(touched, Spares.fingerprint(dir.resolve("node_modules"), List.of(lock)), "the lockfile's bytes");

        Path venv = Files.createDirectories(dir.resolve(".venv/lib/python3.11/site-packages"));
        String v = Spares.fingerprint(dir.resolve(".venv"), List.of(lock));
        Files.createDirectories(venv.resolve("requests-2.0.dist-info"));
        assertNotEquals(v, Spares.fingerprint(dir.resolve(".venv"), List.of(lock)), "pip installed into the venv");
    }

    @Test
    void ofTwoJobsAfterOneSpareOneTakesItAndTheOtherFindsNone() throws Exception {
        Path spares = Files.createDirectories(dir.resolve("home").resolve(Spares.DIR));
        Files.createDirectories(spares.resolve("node_modules.0123456789abcdef/tree/leftpad"));
        Path a = dir.resolve("home/job-a/node_modules");
        Path b = dir.resolve("home/job-b/node_modules");
        assertTrue(Spares.take(spares, "node_modules", "0123456789abcdef", a));
        assertFalse(Spares.take(spares, "node_modules", "0123456789abcdef", b), "taken already");
        assertFalse(Spares.take(spares, "node_modules", "fedcba9876543210", b), "none made at this fingerprint");
        assertTrue(Files.isDirectory(a.resolve("leftpad")));
        assertFalse(Files.exists(b));
    }

    @Test
    void worktreesAnEarlierVersionMadeInsideTheCheckoutGetNoSpares() {
        Path main = dir.resolve("shop");
        assertTrue(Spares.home(main, main.resolve(".context/worktrees/claude-1")).isEmpty(), "seen by the person's tools");
        assertEquals(dir.resolve("state/shop-1234").resolve(Spares.DIR),
                Spares.home(main, dir.resolve("state/shop-1234/claude-1")).orElseThrow());
    }
}
