package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The files a new worktree gets from the checkout: only those git ignores there, only those the
 * project names (.worktreeinclude as the checkout has it, or worktree.include), never through a
 * symlink out of the checkout or out of the worktree; each keeps its permissions.
 */
class IncludesTest {
    @TempDir
    Path dir;

    /** A job spawned now, once its agent runs (its bootstrap done): as on record. */
    private static Job started(EngineFixture f, SpawnRequest r) {
        String id = f.spawn(r);
        f.agentPid(id);
        return f.job(id);
    }

    private static String bootstrapSaid(Job j) {
        return j.state().step(BootstrapStep.NAME, 0).map(StepRecord::said).orElse(null);
    }

    @Test
    void onlyIgnoredFilesTheProjectNamesAreCopiedWithTheirPermissions() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Path p = f.project;
            f.commit("ignore", Map.of(".gitignore", ".env\nsecret.txt\nlocal/\n"));
            Files.writeString(p.resolve(".worktreeinclude"), "# what a worktree needs\n.env\nlocal/\nnot-ignored.txt\n");
            Files.writeString(p.resolve(".env"), "API_URL=http://localhost\n");
            Files.writeString(p.resolve("secret.txt"), "not named\n");
            Files.writeString(p.resolve("not-ignored.txt"), "named but git sees it\n");
            Files.createDirectories(p.resolve("local/bin"));
            Files.writeString(p.resolve("local/settings.json"), "{}\n");
            Files.writeString(p.resolve("local/bin/run"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(p.resolve("local/bin/run"), PosixFilePermissions.fromString("rwxr-x---"));
            Files.setPosixFilePermissions(p.resolve(".env"), PosixFilePermissions.fromString("rw-------"));

            Job j = started(f, SpawnRequest.prompt("work"));
            Path tree = j.workspace().path();
            assertEquals("API_URL=http://localhost\n", Files.readString(tree.resolve(".env")));
            assertEquals("{}\n", Files.readString(tree.resolve("local/settings.json")));
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("local/bin/run"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve(".env"))));
            assertFalse(Files.exists(tree.resolve("secret.txt")), "ignored, but not named");
            assertFalse(Files.exists(tree.resolve("not-ignored.txt")), "named, but git does not ignore it");
            assertFalse(Files.exists(tree.resolve(".worktreeinclude")), "untracked, not ignored: not the worktree's");
            assertFalse(Files.exists(tree.resolve(".context")), "bg-agents' own state never goes");
            assertEquals("copied .env, local/bin/run, local/settings.json", bootstrapSaid(j));
            assertTrue(Files.readString(f.engine.store().files(j.id()).bootstrapLog()).contains("copied local/settings.json"));
        }
    }

    @Test
    void nothingIsCopiedUnlessNamedAndNoStepIsRecorded() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            f.commit("ignore", Map.of(".gitignore", ".env\n"));
            Files.writeString(f.project.resolve(".env"), "KEY=1\n");
            Job j = started(f, SpawnRequest.prompt("work"));
            assertFalse(Files.exists(j.workspace().path().resolve(".env")), ".env is copied only when named");
            assertTrue(j.state().step(BootstrapStep.NAME, 0).isEmpty(), "nothing to do, nothing on record");
        }
    }

    @Test
    void theConfigCanNameThemTooAndTheWorktreesOwnIncludeFileIsNeverRead() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"worktree\": {\"include\": [\"config/*.local.json\"]}")) {
            Path p = f.project;
            f.commit("ignore", Map.of(".gitignore", ".env\n*.local.json\nsecret.txt\n"));
            // a branch (an agent's, say) whose own .worktreeinclude names a secret: the checkout's decides
            f.git("checkout", "-qb", "theirs");
            f.commit("name the secret", Map.of(".worktreeinclude", "secret.txt\n"));
            f.git("checkout", "-q", "main");
            Files.createDirectories(p.resolve("config"));
            Files.writeString(p.resolve("config/db.local.json"), "{\"port\": 5432}\n");
            Files.writeString(p.resolve("secret.txt"), "s3cret\n");
            Files.writeString(p.resolve(".env"), "KEY=1\n");

            Job j = started(f, SpawnRequest.prompt("work").base("theirs"));
            Path tree = j.workspace().path();
            assertTrue(Files.exists(tree.resolve(".worktreeinclude")), "the branch's file is in its worktree");
            assertEquals("{\"port\": 5432}\n", Files.readString(tree.resolve("config/db.local.json")));
            assertFalse(Files.exists(tree.resolve("secret.txt")), "named only by the worktree's own file");
            assertFalse(Files.exists(tree.resolve(".env")), "named by nobody");
        }
    }

    @Test
    void noSymlinkLeadsOutOfTheCheckoutOrOutOfTheWorktree() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("host-secret"), "from outside the project\n");
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Path p = f.project;
            f.commit("ignore", Map.of(".gitignore", ".env*\nconf/\n"));
            Files.writeString(p.resolve(".worktreeinclude"), ".env*\nconf/\nlinked/\n");
            // a branch whose "linked" is a symlink out of the worktree, where the checkout has a folder
            f.git("checkout", "-qb", "hostile");
            Files.createSymbolicLink(p.resolve("linked"), outside);
            f.git("add", "linked");
            f.git("commit", "-qm", "a link out");
            f.git("checkout", "-q", "main");
            Files.writeString(p.resolve(".gitignore"), ".env*\nconf/\nlinked/\n");
            Files.createDirectories(p.resolve("linked"));
            Files.writeString(p.resolve("linked/planted.txt"), "would land outside\n");
            Files.createSymbolicLink(p.resolve(".env.host"), outside.resolve("host-secret"));
            Files.writeString(p.resolve(".env"), "KEY=1\n");
            Files.createSymbolicLink(p.resolve(".env.alias"), p.resolve(".env"));
            Files.createSymbolicLink(p.resolve("conf"), outside);

            Job j = started(f, SpawnRequest.prompt("work").base("hostile"));
            Path tree = j.workspace().path();
            assertEquals("KEY=1\n", Files.readString(tree.resolve(".env")));
            assertEquals("KEY=1\n", Files.readString(tree.resolve(".env.alias")), "a link inside the checkout: its content");
            assertFalse(Files.isSymbolicLink(tree.resolve(".env.alias")));
            assertFalse(Files.exists(tree.resolve(".env.host"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                    "a symlink out of the checkout is not followed");
            assertFalse(Files.exists(tree.resolve("conf"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertFalse(Files.exists(outside.resolve("planted.txt")), "nothing written through the worktree's link");
            assertEquals(List.of("host-secret"), List.of(outside.toFile().list()));
            String log = Files.readString(f.engine.store().files(j.id()).bootstrapLog());
            assertTrue(log.contains("not copied: .env.host: a symlink out of the checkout"), log);
            assertTrue(log.contains("not copied: linked/planted.txt: its place in the worktree leads out of it"), log);
        }
    }
}
