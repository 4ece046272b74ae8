package dev.bgagents.orchestration.conflicts;

import dev.bgagents.Await;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.core.ResolvingMerge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Conflict rounds in the engine, on a real repository with a fake process table: the test plays the
 * resolving agent (it edits and commits in the job's worktree, or leaves markers, then "exits").
 */
class ConflictRoundsTest {
    private static final String RESOLVED = "one\njob\nmain\n";
    private static final String CHECK = "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}";

    @TempDir
    Path dir;

    /** A job that changed a.txt's second line and succeeded, and main that changed the same line since: its id. */
    private static String conflicted(EngineFixture f, boolean checked) throws Exception {
        f.commit("base", Map.of("a.txt", "one\n"));
        String id = f.spawn(checked ? SpawnRequest.prompt("add the job line").permissions(Permissions.FULL)
                .verify("unit", 0) : SpawnRequest.prompt("add the job line"));
        f.agentPid(id);
        f.agentWrites(id, "a.txt", "one\njob\n");
        f.processes.exit(f.agentPid(id), "added\n", 0);
        if (checked) {
            check(f, id, 0);
        }
        Job author = f.awaitEnd(id);
        assertEquals(JobStatus.SUCCEEDED, author.status(), author.state().reason());
        f.commit("Add the main line", Map.of("a.txt", "one\nmain\n"));
        return id;
    }

    /** The round job's check exits {@code code} (a failure is then judged on the base, where it passes). */
    private static void check(EngineFixture f, String id, int code) throws IOException {
        long pid = Await.value(id + "'s check", Duration.ofSeconds(20),
                () -> f.processes.newestEndingWith("check-me").orElse(-1L), p -> p > 0 && f.processes.alive(p));
        f.processes.exit(pid, code == 0 ? "ok\n" : "1 test failed\n", code);
        if (code != 0) {
            f.baseCheckExits(id, "ok\n", 0);
        }
    }

    private static String resolving(EngineFixture f, String author) {
        Merging.Outcome o = f.merge(MergeRequest.of(author).resolve(null));
        assertFalse(o.merged());
        assertEquals(java.util.List.of("a.txt"), o.conflicts());
        assertNotNull(o.resolving(), "a round started");
        return o.resolving();
    }

    /** The round job's agent: writes a.txt and commits it, then exits 0. */
    private static void agentCommits(EngineFixture f, String round, String content) throws Exception {
        f.agentPid(round);
        f.agentWrites(round, "a.txt", content);
        f.commitInWorktree(round, "resolve");
        f.processes.exit(f.agentPid(round), "resolved\n", 0);
    }

    /** The next round's agent runs (after round {@code n} ended without landing). */
    private static void nextRound(EngineFixture f, String round, int n) {
        Await.until("round " + (n + 1) + " runs", Duration.ofSeconds(20), () -> {
            Job j = f.job(round);
            return j.state().verification() != null && j.state().verification().fixes() == n
                    && f.processes.alive(j.state().pid());
        });
    }

    /** The round job ends, its merge landed. */
    private static Job landed(EngineFixture f, String round) {
        Job end = f.awaitEnd(round);
        assertEquals(JobStatus.SUCCEEDED, end.status(), end.state().reason());
        return end;
    }

    private static String main(EngineFixture f) throws Exception {
        return f.git("show", "main:a.txt");
    }

    private static String tip(EngineFixture f, String branch) throws Exception {
        return f.git("rev-parse", branch).strip();
    }

    private static String summary(EngineFixture f, String id) {
        return f.engine.summarizing().markdown(f.job(id), 4000);
    }

    /** The person's checkout as bytes: HEAD, git's status, and every file outside .git and .context. */
    private static String checkout(EngineFixture f) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(f.project)) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                String rel = f.project.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.startsWith(".git") && !rel.startsWith(".context")) {
                    sha.update(rel.getBytes());
                    sha.update(Files.readAllBytes(p));
                }
            }
        }
        return f.git("rev-parse", "HEAD") + f.git("status", "--porcelain") + HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void aResolvedRoundLandsAndTheCheckoutIsUntouchedUntilThen() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String author = conflicted(f, false);
            String before = checkout(f);
            String round = resolving(f, author);
            Path tree = f.job(round).workspace().path();
            assertTrue(Files.readString(tree.resolve("a.txt")).contains("<<<<<<<"), "the markers are in the job's worktree");
            assertEquals(before, checkout(f), "the person's checkout is byte-identical while the round runs");
            assertEquals("one\nmain\n", Files.readString(f.project.resolve("a.txt")));
            String prompt = Files.readString(f.engine.store().files(round).prompt());
            assertTrue(prompt.contains("- a.txt") && prompt.contains("add the job line") && prompt.contains("Add the main line"),
                    "the prompt names the file and both sides' intent: " + prompt);

            agentCommits(f, round, RESOLVED);
            landed(f, round);
            assertEquals(RESOLVED, main(f), "the resolution is merged");
            assertEquals(RESOLVED, Files.readString(f.project.resolve("a.txt")));
            assertNotNull(f.job(author).workspace().mergeCommit(), "the author's record says merged");
            assertTrue(summary(f, round).contains("after 1 of 3 conflict rounds"), summary(f, round));
            assertTrue(f.merge(MergeRequest.of(author)).alreadyMerged());
        }
    }

    @Test
    void markersLeftFailTheRoundAndTheNextRoundResolves() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String round = resolving(f, conflicted(f, false));
            // round 1: the agent commits the file as git left it, markers and all
            f.agentPid(round);
            f.commitInWorktree(round, "done");
            f.processes.exit(f.agentPid(round), "done\n", 0);
            nextRound(f, round, 1);
            assertEquals(JobStatus.RUNNING, f.job(round).status(), "the host sees one job throughout");
            assertTrue(Files.readString(f.engine.store().files(round).dir().resolve("resolve-2.md"))
                    .contains("conflict markers left in a.txt"));
            assertEquals("one\nmain\n", main(f));
            agentCommits(f, round, RESOLVED);
            landed(f, round);
            assertEquals(RESOLVED, main(f));
            assertTrue(summary(f, round).contains("after 2 of 3 conflict rounds"), summary(f, round));
        }
    }

    @Test
    void outOfRoundsTheMergeIsRefusedAndTheBranchIsAsBefore() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"merge\": {\"resolve\": true, \"rounds\": 2}, " + TOLD)) {
            String author = conflicted(f, false);
            String branch = f.job(author).workspace().branch();
            String before = tip(f, branch);
            String mainBefore = tip(f, "main");
            // resolve from the config's default
            Merging.Outcome o = f.merge(MergeRequest.of(author));
            String round = o.resolving();
            assertNotNull(round);
            // round 1: the agent writes a resolution but never commits it
            f.agentPid(round);
            f.agentWrites(round, "a.txt", RESOLVED);
            f.processes.exit(f.agentPid(round), "done\n", 0);
            nextRound(f, round, 1);
            // round 2: markers again
            f.agentPid(round);
            f.agentWrites(round, "a.txt", "one\n<<<<<<< HEAD\njob\n=======\nmain\n>>>>>>> main\n");
            f.commitInWorktree(round, "still conflicted");
            f.processes.exit(f.agentPid(round), "done\n", 0);
            Job end = f.awaitEnd(round);
            assertEquals(JobStatus.FAILED, end.status());
            assertTrue(end.state().reason().startsWith("merge refused, not resolved in 2 rounds: conflict markers left in a.txt"),
                    end.state().reason());
            assertEquals(before, tip(f, branch), "the branch is back where it was, the author's work on it");
            assertEquals(f.job(author).workspace().diffstat(), end.workspace().diffstat(), "its record says so too");
            assertEquals(mainBefore, tip(f, "main"), "nothing merged");
            assertTrue(Files.isDirectory(end.workspace().path()), "the worktree is kept");
            assertTrue(f.git("rev-parse", "refs/bg-agents/unresolved/" + round).strip().length() == 40,
                    "the attempt is kept under a ref");
            assertTrue(summary(f, round).contains("Not merged into main after 2 of 2 conflict rounds"), summary(f, round));
            assertTrue(summary(f, round).contains("round 1: the agent did not commit the merge"), summary(f, round));
            assertEquals("", f.git("-C", end.workspace().path().toString(), "status", "--porcelain", "--untracked-files=no"));
            // merge_worktree answered "resolving" long before: the person hears of the refusal as one
            List<String> told = refusalsTold(f);
            assertEquals(1, told.size(), told.toString());
            assertTrue(told.get(0).contains("\"job_id\":\"" + author + "\"") && told.get(0).contains("not resolved in 2 rounds"),
                    told.get(0));
        }
    }

    /** A sink, so that the notifier records its events in .context/notify/ (the hook's run is not what is tested). */
    private static final String TOLD = "\"notify\": {\"hook\": {\"command\": [\"true\"]}}";

    /** The merge_refused events the notifier recorded, as written. */
    private static List<String> refusalsTold(EngineFixture f) throws IOException {
        Path box = f.project.resolve(".context/notify");
        if (!Files.isDirectory(box)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(box)) {
            return s.filter(p -> p.getFileName().toString().matches("merge_refused-.*\\.json")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void aCheckThatFailsAfterTheResolutionCostsARound() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, CHECK)) {
            String round = resolving(f, conflicted(f, true));
            agentCommits(f, round, "one\njob\n");
            check(f, round, 1);
            nextRound(f, round, 1);
            assertTrue(Files.readString(f.engine.store().files(round).dir().resolve("resolve-2.md"))
                    .contains("verification failed"));
            assertEquals("one\nmain\n", main(f), "a failing resolution is not merged");
            agentCommits(f, round, RESOLVED);
            check(f, round, 0);
            landed(f, round);
            assertEquals(RESOLVED, main(f));
        }
    }

    @Test
    void aCancelDuringARoundStopsItAndPutsTheBranchBack() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, TOLD)) {
            String author = conflicted(f, false);
            String branch = f.job(author).workspace().branch();
            String before = tip(f, branch);
            String checkout = checkout(f);
            ResolvingMerge.Resolving r = f.engine.resolvingMerge().merge(MergeRequest.of(author).build(), true);
            String round = r.now().resolving();
            f.agentPid(round);
            f.agentWrites(round, "a.txt", "half done\n");
            Job end = f.engine.cancelling().cancel(round);
            assertEquals(JobStatus.CANCELLED, end.status());
            assertEquals(before, tip(f, branch));
            Path tree = end.workspace().path();
            assertFalse(Files.exists(f.project.resolve(".git/worktrees").resolve(tree.getFileName()).resolve("MERGE_HEAD")));
            assertEquals("one\njob\n", Files.readString(tree.resolve("a.txt")), "the worktree is the branch again");
            assertEquals(checkout, checkout(f));
            Merging.Outcome settled = r.settled().get(20, TimeUnit.SECONDS);
            assertFalse(settled.merged());
            assertTrue(settled.refusal().contains("stopped in round 1"), settled.refusal());
            // the half-done attempt is the agent's work all the same
            assertEquals("half done\n", f.git("show", "refs/bg-agents/unresolved/" + round + ":a.txt"));
            assertEquals(List.of(), refusalsTold(f), "a cancel is the person's own doing: no refusal to tell");
        }
    }

    @Test
    void aTargetThatMovesDuringTheRoundIsMergedAgain() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String round = resolving(f, conflicted(f, false));
            f.agentPid(round);
            // meanwhile: main gains a clean change, and a conflicting one
            f.commit("Add b", Map.of("b.txt", "b\n"));
            f.commit("Main line again", Map.of("a.txt", "one\nmain 2\n"));
            agentCommits(f, round, RESOLVED);
            nextRound(f, round, 1);
            assertTrue(Files.readString(f.engine.store().files(round).dir().resolve("resolve-2.md")).contains("moved again"));
            agentCommits(f, round, "one\njob\nmain 2\n");
            landed(f, round);
            assertEquals("one\njob\nmain 2\n", main(f));
            assertEquals("b\n", f.git("show", "main:b.txt"));
        }
    }

    @Test
    void aTargetThatMovesCleanlyIsMergedInWithoutAnotherRound() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String round = resolving(f, conflicted(f, false));
            f.agentPid(round);
            f.commit("Add b", Map.of("b.txt", "b\n"));
            agentCommits(f, round, RESOLVED);
            landed(f, round);
            assertEquals(RESOLVED, main(f));
            assertEquals("b\n", f.git("show", "main:b.txt"));
            assertTrue(summary(f, round).contains("after 1 of 3"), summary(f, round));
        }
    }

    @Test
    void withoutResolveAConflictIsRefusedAsBeforeAndNothingStarts() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String author = conflicted(f, false);
            var jobs = f.jobDirs();
            Merging.Outcome o = f.merge(MergeRequest.of(author));
            assertFalse(o.merged());
            assertNull(o.resolving());
            assertEquals(java.util.List.of("a.txt"), o.conflicts());
            assertEquals(jobs, f.jobDirs());
            Merging.Outcome dry = f.merge(MergeRequest.of(author).dryRun().resolve(null));
            assertNull(dry.resolving(), "a dry run resolves nothing");
        }
    }

    @Test
    void anAgentThatAbortsTheMergeOrRewritesItsGitFileResolvesNothing() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"merge\": {\"rounds\": 2}")) {
            String author = conflicted(f, false);
            String branch = f.job(author).workspace().branch();
            String before = tip(f, branch);
            String round = resolving(f, author);
            Path tree = f.job(round).workspace().path();
            // round 1: abort the merge, commit its own side only, and call it a merge
            f.agentPid(round);
            f.git("-C", tree.toString(), "merge", "--abort");
            f.agentWrites(round, "a.txt", RESOLVED);
            f.commitInWorktree(round, "Merge main (trust me)");
            f.processes.exit(f.agentPid(round), "merged\n", 0);
            nextRound(f, round, 1);
            assertTrue(Files.readString(f.engine.store().files(round).dir().resolve("resolve-2.md"))
                    .contains("does not hold the merge"));
            // round 2: point the worktree's .git at a repository of its own
            f.agentPid(round);
            Files.delete(tree.resolve(".git"));
            Files.writeString(tree.resolve(".git"), "gitdir: " + dir.resolve("fake") + "\n");
            f.processes.exit(f.agentPid(round), "merged\n", 0);
            Job end = f.awaitEnd(round);
            assertEquals(JobStatus.FAILED, end.status());
            assertTrue(end.state().reason().contains("does not hold the merge"), end.state().reason());
            assertEquals(before, tip(f, branch), "the branch is as before the rounds");
            assertEquals("one\nmain\n", main(f));
            assertEquals(branch, f.git("-C", tree.toString(), "rev-parse", "--abbrev-ref", "HEAD").strip(),
                    "the worktree's git is its own again");
        }
    }

    @Test
    void aBestOfNWinnersConflictIsResolvedTheSameWay() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            f.commit("base", Map.of("a.txt", "one\n"));
            var g = f.engine.spawning().spawnAttempts(dev.bgagents.orchestration.Ask.prompt("add the job line")
                    .on("agent", "other"));
            for (var a : g.attempts()) {
                String id = a.job().id();
                f.agentPid(id);
                f.agentWrites(id, "a.txt", id.startsWith("agent") ? "one\njob\n" : "one\n\n");
                f.processes.exit(f.agentPid(id), "done\n", 0);
                f.awaitEnd(id);
            }
            f.commit("Add the main line", Map.of("a.txt", "one\nmain\n"));
            Merging.Outcome o = f.merge(MergeRequest.of(g.group()).resolve(null));
            assertNotNull(o.resolving(), String.valueOf(o.refusal()));
            String winner = o.jobId();
            agentCommits(f, o.resolving(), RESOLVED);
            landed(f, o.resolving());
            assertEquals(RESOLVED, main(f));
            assertNotNull(f.job(winner).workspace().mergeCommit());
            assertTrue(f.merge(MergeRequest.of(g.group())).merged(), "merging the group again tidies the other attempts");
        }
    }

    @Test
    void aNamedProviderResolvesInTheSameWorktreeAndAnUnknownOneChangesNothing() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String author = conflicted(f, false);
            Path tree = f.job(author).workspace().path();
            var footprint = f.footprint();
            var refused = assertThrows(dev.bgagents.orchestration.api.Refusal.class,
                    () -> f.merge(MergeRequest.of(author).resolve("nosuch")));
            assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
            assertEquals(footprint, f.footprint());
            assertEquals("", f.git("-C", tree.toString(), "status", "--porcelain"), "no merge begun in the worktree");

            String round = f.merge(MergeRequest.of(author).resolve("other")).resolving();
            assertEquals("other", f.job(round).spec().provider());
            assertEquals(tree, f.job(round).workspace().path(), "the same worktree");
            agentCommits(f, round, RESOLVED);
            landed(f, round);
            assertEquals(RESOLVED, main(f));
        }
    }
}
