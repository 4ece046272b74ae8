package dev.bgagents.orchestration.checks;

import dev.bgagents.Await;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.BaseVerdict;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A failing check judged against the job's base, with a fake process table on a real repository:
 * the same check runs once in a scratch checkout of the base beside the job's worktree (removed
 * after), its verdict kept per base commit and command. The decision table:
 * fails on the job and on the base → the job succeeds, saying so;
 * passes on the base → the job fails as today; with fix rounds asked for, they come first and the
 * failure left after the last one is judged against the base;
 * the base already judged → not run again, for another round or another job;
 * the base cannot be checked out, or its check cannot start → judged as today, saying so;
 * a job run in place has no base → as today, nothing said.
 */
class BaseCheckTest {
    private static final String CHECK = "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}";

    @TempDir
    Path dir;

    /** A job that wrote {@code file} in its worktree; its agent has ended well, so its check runs now. */
    private static String wrote(EngineFixture f, String file, int fixAttempts) throws IOException {
        String id = f.spawn(SpawnRequest.prompt("write " + file).permissions(Permissions.FULL).verify("unit", fixAttempts));
        f.agentPid(id);
        f.agentWrites(id, file, "notes\n");
        f.processes.exit(f.agentPid(id), "wrote " + file + "\n", 0);
        return id;
    }

    /** The project's git ignores node_modules, as a node project's does. */
    private static void ignoreDependencies(EngineFixture f) throws Exception {
        Files.writeString(f.project.resolve(".gitignore"), "node_modules/\n");
        f.git("add", ".gitignore");
        f.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "ignore dependencies");
    }

    /** A job whose agent installed a dependency (git ignores it) and wrote {@code file}; its check runs now. */
    private static String installedAndWrote(EngineFixture f, String file, int fixAttempts) throws IOException {
        String id = f.spawn(SpawnRequest.prompt("write " + file).permissions(Permissions.FULL).verify("unit", fixAttempts));
        f.agentPid(id);
        f.agentWrites(id, "node_modules/dep/index.js", "module.exports = 1;\n");
        f.agentWrites(id, file, "notes\n");
        f.processes.exit(f.agentPid(id), "wrote " + file + "\n", 0);
        return id;
    }

    /** The job's own check (not one on its base), once it runs. */
    private static long jobCheck(EngineFixture f, String id, long notThis) {
        Path tree = f.job(id).workspace().path();
        return Await.value(id + "'s check runs", Duration.ofSeconds(20), () -> f.processes.launched().stream()
                .filter(pid -> pid != notThis && f.processes.alive(pid) && tree.equals(f.processes.spec(pid).workdir())
                        && f.processes.spec(pid).argv().get(f.processes.spec(pid).argv().size() - 1).equals("check-me"))
                .findFirst().orElse(-1L), pid -> pid > 0);
    }

    private static String summary(EngineFixture f, String id) {
        return f.engine.summarizing().summary(f.job(id), 1500).markdown();
    }

    private static List<Path> verdictFiles(EngineFixture f) throws IOException {
        Path d = f.project.resolve(".context/base-checks");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (var s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void aCheckThatFailsOnTheBaseTooIsNotTheJobsDoingItSucceedsSayingSo() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            ignoreDependencies(f);
            String id = installedAndWrote(f, "NOTES.md", 0);
            f.checkExits(id, "src/old.ts(1,1): error TS2304: aged" + " ".repeat(300) + "\n", 1);

            long onBase = Await.value("the check on the base starts", Duration.ofSeconds(20),
                    () -> f.baseChecks(id).stream().findFirst().orElse(-1L), pid -> pid > 0);
            Path base = f.processes.spec(onBase).workdir();
            Path tree = f.job(id).workspace().path();
            assertEquals(tree.getParent(), base.getParent(), "beside the job's worktree, outside the checkout");
            assertEquals(f.job(id).workspace().baseCommit(), EngineFixture.git(base, "rev-parse", "HEAD").strip());
            assertEquals("HEAD", EngineFixture.git(base, "rev-parse", "--abbrev-ref", "HEAD").strip(), "detached");
            assertFalse(Files.exists(base.resolve("NOTES.md")), "the base, not the job's work");
            assertEquals(tree.resolve("node_modules"), Files.readSymbolicLink(base.resolve("node_modules")),
                    "the job's dependencies lent to the base");
            f.baseCheckExits(id, "src/old.ts(1,1): error TS2304: aged\n", 1);

            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.SUCCEEDED, end.status(), String.valueOf(end.state().reason()));
            Verification v = end.state().verification();
            assertEquals(Verification.FAILED, v.outcome());
            assertTrue(v.failsOnBase());
            assertEquals(new BaseVerdict(end.workspace().baseCommit(), Verification.FAILED, 1, null), v.base());
            assertEquals(0, v.fixes());
            assertFalse(Files.exists(f.engine.store().files(id).fixPrompt(1)));
            assertTrue(end.state().steps().stream().anyMatch(s -> (s.name() + " " + s.outcome())
                    .equals("check " + CheckStep.FAILS_ON_BASE)), end.state().steps().toString());

            assertFalse(Files.exists(base), "the base's checkout is removed after");
            assertFalse(f.worktrees().contains(base), f.worktrees().toString());
            assertTrue(Files.exists(tree.resolve("node_modules/dep/index.js")), "what was lent is left whole");
            assertEquals(1, verdictFiles(f).size(), "the verdict kept for the next job on this base");

            String md = summary(f, id);
            String shortBase = end.workspace().baseCommit().substring(0, 7);
            assertTrue(md.contains("Verify: `bash check-me` exited 1 (") && md.contains(") — it fails on the base ("
                    + shortBase + ") too; not this job's doing\n"), md);
            assertFalse(md.contains("```"), "the base's noise is not quoted: " + md);
        }
    }

    @Test
    void fixRoundsComeFirstAndTheFailureLeftIsJudgedAgainstTheBaseOnce() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = wrote(f, "app.ts", 1);
            long first = jobCheck(f, id, -1);
            f.processes.exit(first, "app.ts(3,7): error TS2322: wrong type\n", 1);
            Job fixing = Await.value("a fix round starts", Duration.ofSeconds(20), () -> f.job(id),
                    j -> j.state().verification() != null && j.state().verification().fixes() == 1
                            && f.processes.alive(j.state().pid()));
            assertEquals(List.of(), f.baseChecks(id), "no base run while a fix round follows");
            String shortBase = fixing.workspace().baseCommit().substring(0, 7);
            f.processes.exit(fixing.state().pid(), "fixed\n", 0);
            f.processes.exit(jobCheck(f, id, first), "app.ts(3,7): error TS2322: still wrong\n", 1);
            f.baseCheckExits(id, "all passed\n", 0);

            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertEquals("verification failed: `bash check-me` exited 1 after 1 fix attempt", end.state().reason());
            assertTrue(end.state().verification().base().passed());
            assertEquals(1, f.baseChecks(id).size(), "the base was asked once, after the last round");
            assertTrue(summary(f, id).contains(") — it passes on the base (" + shortBase + ")\n"), summary(f, id));
        }
    }

    @Test
    void twoJobsOnOneBaseRunTheCheckThereOnce() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String first = wrote(f, "a.md", 0);
            f.checkExits(first, "3 failed\n", 1);
            f.baseCheckExits(first, "3 failed\n", 1);
            assertEquals(JobStatus.SUCCEEDED, f.awaitEnd(first).status());

            String second = wrote(f, "b.md", 0);
            f.checkExits(second, "3 failed\n", 1);
            Job end = f.awaitEnd(second);
            assertEquals(f.job(first).workspace().baseCommit(), end.workspace().baseCommit());
            assertEquals(JobStatus.SUCCEEDED, end.status());
            assertTrue(end.state().verification().failsOnBase());
            assertEquals(List.of(), f.baseChecks(second), "the first job's verdict, read");
            assertEquals(1, f.baseChecks(first).size());
            String kept = Files.readString(verdictFiles(f).get(0));
            assertTrue(kept.contains("\"outcome\" : \"failed\"") && kept.contains("check-me"), kept);
        }
    }

    @Test
    void aVerdictReachedWithoutTheJobsDependenciesIsNotTakenForAJobThatHasThem() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            ignoreDependencies(f);
            String bare = wrote(f, "a.md", 0);
            f.checkExits(bare, "Cannot find module 'dep'\n", 1);
            f.baseCheckExits(bare, "Cannot find module 'dep'\n", 1);
            assertTrue(f.awaitEnd(bare).state().verification().failsOnBase());

            String installed = installedAndWrote(f, "b.md", 0);
            f.checkExits(installed, "1 test failed\n", 1);
            f.baseCheckExits(installed, "all passed\n", 0);
            Job end = f.awaitEnd(installed);
            assertEquals(JobStatus.FAILED, end.status(), "judged on a base lent its node_modules");
            assertTrue(end.state().verification().base().passed());
            assertEquals(2, verdictFiles(f).size(), "one verdict for each question");
        }
    }

    @Test
    void aBaseThatCannotBeCheckedOutLeavesTheJobJudgedAsTodayAndItsSummarySaysSo() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = f.spawn(SpawnRequest.prompt("write a.md").permissions(Permissions.FULL).verify("unit", 0));
            f.agentPid(id);
            // a hook of the repository's that fails: git checks the base out, then reports the failure
            Path hook = f.project.resolve(".git/hooks/post-checkout");
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, "#!/bin/sh\necho refusing >&2\nexit 1\n");
            assertTrue(hook.toFile().setExecutable(true));
            f.processes.exit(f.agentPid(id), "done\n", 0);
            f.checkExits(id, "1 failed\n", 1);

            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertEquals("verification failed: `bash check-me` exited 1", end.state().reason());
            BaseVerdict base = end.state().verification().base();
            assertEquals(BaseVerdict.UNKNOWN, base.outcome());
            assertTrue(base.why().startsWith("the base could not be checked out: git worktree failed"), base.why());
            assertEquals(List.of(), f.baseChecks(id));
            assertEquals(List.of(), verdictFiles(f), "a base not checked says nothing to keep");
            Path tree = end.workspace().path();
            assertFalse(Files.exists(tree.resolveSibling(tree.getFileName() + ".base")), "nothing left of it");
            assertEquals(2, f.worktrees().size(), "the checkout and the job's worktree: " + f.worktrees());
            assertTrue(summary(f, id).contains("— not judged against the base (" + base.shortCommit()
                    + "): the base could not be checked out"), summary(f, id));
        }
    }

    @Test
    void aCheckThatCannotStartOnTheBaseLeavesTheJobJudgedAsToday() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = wrote(f, "a.md", 0);
            long check = jobCheck(f, id, -1);
            f.processes.failLaunch = new IOException("no processes left");
            f.processes.exit(check, "1 failed\n", 1);

            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertEquals("verification failed: `bash check-me` exited 1", end.state().reason(), "judged as today");
            assertEquals(new BaseVerdict(end.workspace().baseCommit(), BaseVerdict.UNKNOWN, null,
                    "could not start `bash check-me`: no processes left"), end.state().verification().base());
            assertEquals(List.of(), verdictFiles(f));
            assertTrue(summary(f, id).contains("not judged against the base"), summary(f, id));
        }
    }

    @Test
    void aCancelDuringTheCheckOnTheBaseStopsItAndRemovesTheBasesCheckout() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = wrote(f, "a.md", 0);
            f.checkExits(id, "1 failed\n", 1);
            long onBase = Await.value("the check on the base starts", Duration.ofSeconds(20),
                    () -> f.baseChecks(id).stream().findFirst().orElse(-1L), pid -> pid > 0 && f.processes.alive(pid));
            Path base = f.processes.spec(onBase).workdir();
            assertEquals(JobStatus.CANCELLED, f.engine.cancelling().cancel(id).status());
            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.CANCELLED, end.status());
            assertTrue(end.state().reason().endsWith("while its check ran"), end.state().reason());
            assertFalse(f.processes.alive(onBase), "the base's check is stopped with the job");
            Await.until("the base's checkout is removed", Duration.ofSeconds(20), () -> !Files.exists(base));
            assertEquals(List.of(), verdictFiles(f), "a stopped run says nothing of the base");
        }
    }

    @Test
    void aJobRunInPlaceHasNoBaseToJudgeAgainst() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = f.spawn(SpawnRequest.prompt("write a.md").permissions(Permissions.FULL).inPlace().verify("unit", 0));
            f.processes.exit(f.agentPid(id), "done\n", 0);
            f.checkExits(id, "1 failed\n", 1);
            Job end = f.awaitEnd(id);
            assertEquals(JobStatus.FAILED, end.status());
            assertNull(end.state().verification().base());
            assertFalse(summary(f, id).contains("base"), summary(f, id));
            assertEquals(1, f.processes.launched().stream().filter(pid -> f.processes.spec(pid).argv().contains("check-me"))
                    .count(), "one check, on the job's work");
        }
    }

    @Test
    void theQuotedTailPutsTheJobsOwnLinesBeforeTheDependenciesNoiseWithinTodaysBounds() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String id = wrote(f, "src/app.ts", 0);
            String noise = IntStream.rangeClosed(1, 2791).mapToObj(i -> (i == 1400
                    ? "src/app.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'."
                    : "node_modules/@types/aged/index.d.ts(" + i + ",1): error TS2304: Cannot find name 'x'.")
                    + " ".repeat(300)).collect(Collectors.joining("\n")) + "\nFound 2791 errors in 2 files.\n";
            f.checkExits(id, noise, 2);
            f.baseCheckExits(id, "\n", 0);

            Job end = f.awaitEnd(id);
            String tail = end.state().verification().tail();
            assertTrue(tail.startsWith("src/app.ts(3,7): error TS2322"), tail);
            assertTrue(tail.endsWith("Found 2791 errors in 2 files."), tail);
            assertTrue(tail.lines().count() <= CheckStep.TAIL_LINES && tail.length() <= CheckStep.TAIL_CHARS, tail);
            assertTrue(tail.lines().noneMatch(l -> l.endsWith(" ")), "no line keeps its padding");

            String md = summary(f, id);
            String fence = md.substring(md.indexOf("```\n") + 4, md.lastIndexOf("\n```"));
            assertTrue(fence.startsWith("src/app.ts(3,7): error TS2322"), fence);
            assertTrue(fence.endsWith("Found 2791 errors in 2 files."), fence);
            assertTrue(fence.length() <= CheckSummary.TAIL_CHARS, fence.length() + " chars");
            assertTrue(md.lines().noneMatch(l -> l.endsWith(" ")), md);
        }
    }
}
