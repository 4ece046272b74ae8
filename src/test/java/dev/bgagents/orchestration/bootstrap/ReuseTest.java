package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.Await;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A dependency folder of the checkout in a new worktree, as a table: its lockfile the same byte for
 * byte → the checkout's folder again, the worktree's own (a clone or a copy, never a link unless the
 * project asks); the lockfile differs → the install runs in the worktree; no lockfile → nothing.
 */
class ReuseTest {
    @TempDir
    Path dir;

    /** A project whose node_modules (ignored) holds one package, installed from the committed package-lock.json. */
    static void npmProject(EngineFixture f) throws Exception {
        f.commit("npm", Map.of(".gitignore", "node_modules/\n", "package.json", "{\"name\": \"shop\"}\n",
                "package-lock.json", "{\"lockfileVersion\": 3, \"packages\": {\"node_modules/leftpad\": {}}}\n"));
        Files.createDirectories(f.project.resolve("node_modules/leftpad"));
        Files.writeString(f.project.resolve("node_modules/leftpad/index.js"), "module.exports = s => ' ' + s;\n");
    }

    /** A job of the npm project whose checkout's lockfile now says {@code lockfile}: its id, and its install's pid once it runs. */
    private record Installing(String id, long install) {
    }

    private static Installing installing(EngineFixture f, String lockfile) throws Exception {
        npmProject(f);
        // the person's checkout moved on: its folder fits its own lockfile, not the branch the job starts from
        Files.writeString(f.project.resolve("package-lock.json"), lockfile);
        String id = f.spawn(SpawnRequest.prompt("work"));
        return new Installing(id, Await.value("npm ci starts", Duration.ofSeconds(20),
                () -> f.processes.newestEndingWith("--no-fund").orElse(-1L), pid -> pid > 0));
    }

    static String said(Job j) {
        return j.state().step(BootstrapStep.NAME, 0).map(StepRecord::said).orElse(null);
    }

    @Test
    void theSameLockfileGetsTheCheckoutsFolderAsTheWorktreesOwn() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            npmProject(f);
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.agentPid(id);
            Path modules = f.job(id).workspace().path().resolve("node_modules");
            assertFalse(Files.isSymbolicLink(modules), "never a link to the person's folder");
            assertEquals("module.exports = s => ' ' + s;\n", Files.readString(modules.resolve("leftpad/index.js")));
            Files.writeString(modules.resolve("leftpad/index.js"), "changed by the agent\n");
            assertEquals("module.exports = s => ' ' + s;\n",
                    Files.readString(f.project.resolve("node_modules/leftpad/index.js")), "the checkout's is untouched");
            assertTrue(said(f.job(id)).matches("node_modules (cloned \\(copy-on-write\\)|copied) from the checkout.* in [0-9.]+ s"),
                    said(f.job(id)));
            assertTrue(f.processes.newestEndingWith("ci").isEmpty(), "no install ran");
        }
    }

    @Test
    void aDifferentLockfileIsInstalledInTheWorktreeAndItsFailureIsSaid() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Installing i = installing(f, "{\"lockfileVersion\": 3, \"packages\": {}}\n");
            String id = i.id();
            long install = i.install();
            assertEquals(List.of("npm", "ci", "--no-audit", "--no-fund"), f.processes.spec(install).argv());
            assertEquals(f.job(id).workspace().path(), f.processes.spec(install).workdir(), "in the worktree");
            assertEquals(id, f.processes.spec(install).env().get("BG_AGENTS_JOB"), "tagged: a cancel stops it");
            assertEquals(JobStatus.QUEUED, f.job(id).status(), "the agent waits for it");
            f.processes.exit(install, "npm ERR! network unreachable\n", 1);
            f.agentPid(id);
            assertEquals("node_modules: `npm ci --no-audit --no-fund` exited 1 (bootstrap.log)", said(f.job(id)),
                    "the agent still starts: it may be there to fix the lockfile");
            assertTrue(Files.readString(f.engine.store().files(id).bootstrapLog()).contains("npm ERR! network unreachable"));
            assertFalse(Files.exists(f.job(id).workspace().path().resolve("node_modules")));
        }
    }

    @Test
    void aSucceedingInstallIsSaidWithWhy() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Installing i = installing(f, "{}\n");
            f.processes.exit(i.install(), "added 1 package\n", 0);
            String id = i.id();
            f.agentPid(id);
            assertTrue(said(f.job(id)).matches("node_modules installed in [0-9.]+ s \\(package-lock.json differs from the checkout's\\)"),
                    said(f.job(id)));
        }
    }

    @Test
    void withoutALockfileNothingIsDone() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            npmProject(f);
            f.git("rm", "-q", "package-lock.json");
            f.git("commit", "-qm", "no lockfile");
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.agentPid(id);
            assertFalse(Files.exists(f.job(id).workspace().path().resolve("node_modules")));
            assertTrue(f.job(id).state().step(BootstrapStep.NAME, 0).isEmpty(), "no step: nothing to do");
            assertTrue(f.processes.newestEndingWith("--no-fund").isEmpty(), "no install");
        }
    }

    @Test
    void aLockfileOnlyInTheWorktreeDoesNothingWhenTheCheckoutInstalledNone() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            npmProject(f);
            f.git("rm", "-q", "-r", "--cached", "package-lock.json");
            Files.delete(f.project.resolve("package-lock.json"));
            f.git("commit", "-qm", "untrack");
            // the job's branch has it; the checkout has a folder but no lockfile to tell what it holds
            f.git("checkout", "-qb", "locked");
            f.commit("lock", Map.of("package-lock.json", "{}\n"));
            f.git("checkout", "-q", "main");
            String id = f.spawn(SpawnRequest.prompt("work").base("locked"));
            f.agentPid(id);
            assertTrue(f.job(id).state().step(BootstrapStep.NAME, 0).isEmpty(), "detected by the checkout's lockfile");
        }
    }

    @Test
    void aVirtualEnvironmentIsCopiedAndItsScriptsPointAtTheWorktree() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            Path p = f.project;
            f.commit("python", Map.of(".gitignore", ".venv/\n", "requirements.txt", "greet==0.1\n",
                    "requirements-dev.txt", "pytest\n"));
            Path venv = Files.createDirectories(p.resolve(".venv/bin"));
            Files.writeString(p.resolve(".venv/pyvenv.cfg"), "home = /usr/bin\ncommand = /usr/bin/python3 -m venv " + p + "/.venv\n");
            Files.writeString(venv.resolve("pytest"), "#!" + p + "/.venv/bin/python3\nimport sys\n");
            Files.writeString(venv.resolve("activate"), "VIRTUAL_ENV=\"" + p + "/.venv\"\nOTHER=\"" + p + "-other/x\"\n");
            Path site = Files.createDirectories(p.resolve(".venv/lib/python3.11/site-packages"));
            Files.writeString(site.resolve("__editable__.greet-0.1.pth"), p + "/src\n");

            String id = f.spawn(SpawnRequest.prompt("work"));
            f.agentPid(id);
            Path tree = f.job(id).workspace().path();
            assertEquals("#!" + tree + "/.venv/bin/python3\nimport sys\n", Files.readString(tree.resolve(".venv/bin/pytest")));
            assertEquals("VIRTUAL_ENV=\"" + tree + "/.venv\"\nOTHER=\"" + p + "-other/x\"\n",
                    Files.readString(tree.resolve(".venv/bin/activate")), "only the checkout's path, never a longer name");
            assertEquals(tree + "/src\n", Files.readString(tree.resolve(".venv/lib/python3.11/site-packages/__editable__.greet-0.1.pth")),
                    "an editable install imports the worktree's code, not the person's");
            assertEquals("#!" + p + "/.venv/bin/python3\nimport sys\n", Files.readString(venv.resolve("pytest")), "the checkout's is untouched");
            assertTrue(said(f.job(id)).startsWith(".venv "), said(f.job(id)));
            // one requirements file differs: the venv is made anew from both
            f.git("checkout", "-q", "-b", "more");
            Files.writeString(p.resolve("requirements-dev.txt"), "pytest\nhypothesis\n");
            f.git("commit", "-qam", "more");
            f.git("checkout", "-q", "main");
            String other = f.spawn(SpawnRequest.prompt("work").base("more"));
            long make = Await.value("the venv is made", Duration.ofSeconds(20),
                    () -> f.processes.newestEndingWith(".venv").orElse(-1L), pid -> pid > 0);
            assertEquals(List.of("python3", "-m", "venv", ".venv"), f.processes.spec(make).argv());
            f.processes.exit(make, "", 0);
            long pip = Await.value("pip runs", Duration.ofSeconds(20),
                    () -> f.processes.newestEndingWith("requirements.txt").orElse(-1L), pid -> pid > 0);
            assertEquals(List.of(".venv/bin/python", "-m", "pip", "install", "--disable-pip-version-check",
                    "-r", "requirements-dev.txt", "-r", "requirements.txt"), f.processes.spec(pip).argv());
            f.processes.exit(pip, "", 0);
            f.agentPid(other);
        }
    }

    @Test
    void aFolderTheProjectSaysToLinkIsLinked() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"worktree\": {\"dependencies\": [{\"folder\": \"fixtures/big\", "
                + "\"lockfile\": \"fixtures/big.sha256\", \"link\": true}]}")) {
            Path p = f.project;
            f.commit("fixtures", Map.of(".gitignore", "fixtures/big/\n", "fixtures/big.sha256", "abc  model.bin\n"));
            Files.createDirectories(p.resolve("fixtures/big"));
            Files.writeString(p.resolve("fixtures/big/model.bin"), "weights\n");
            String id = f.spawn(SpawnRequest.prompt("work"));
            f.agentPid(id);
            Path linked = f.job(id).workspace().path().resolve("fixtures/big");
            assertTrue(Files.isSymbolicLink(linked));
            assertEquals(p.resolve("fixtures/big").toRealPath(), linked.toRealPath());
            assertTrue(said(f.job(id)).startsWith("fixtures/big linked to the checkout's in "), said(f.job(id)));
        }
    }
}
