package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * gc: the worktrees and branches of ended jobs that no longer need them go — merged ones,
 * cancelled ones that did nothing, ones that never started — and work is never lost unless
 * forced; branches a spawn reserved for a job it never recorded go when empty.
 */
class WorktreeGcTest {
    @TempDir
    Path dir;

    /** A job brought to some state; its id. */
    interface Situation {
        String make(EngineFixture f) throws Exception;
    }

    static Stream<Arguments> jobs() {
        Situation unmerged = f -> f.succeededWriting("a.txt", "a\n").id();
        Situation merged = f -> {
            String id = f.succeededWriting("a.txt", "a\n").id();
            f.merge(MergeRequest.of(id));
            return id;
        };
        return Stream.<Arguments>of(
                arguments("merged", merged, false, "removed", "worktree and {branch} removed (merged)"),
                arguments("merged, then more work left in it", (Situation) f -> {
                    String id = merged.make(f);
                    f.agentWrites(id, "late.txt", "late\n");
                    return id;
                }, false, "kept", "had uncommitted work, now committed on {branch}"),
                arguments("unmerged", unmerged, false, "kept",
                        "unmerged work on {branch} (merge_worktree it, or gc --force)"),
                arguments("unmerged, forced", unmerged, true, "removed", "worktree and {branch} removed (forced)"),
                arguments("cancelled, nothing done", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work"));
                    f.agentPid(id);
                    f.engine.cancelling().cancel(id);
                    return id;
                }, false, "removed", "worktree and {branch} removed (cancelled, nothing done)"),
                arguments("cancelled with work", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work"));
                    f.agentPid(id);
                    f.agentWrites(id, "half.txt", "half\n");
                    f.engine.cancelling().cancel(id);
                    return id;
                }, false, "kept", "unmerged work on {branch} (merge_worktree it, or gc --force)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void anEndedJobsWorktreeGoesOnlyWhenNoWorkIsLost(String what, Situation situation, boolean force, String verdict,
                                                     String line) throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String id = situation.make(f);
            Job job = f.job(id);
            String branch = job.workspace().branch();
            WorktreeGc.Report r = WorktreeGc.run(f.engine.store(), Duration.ZERO, force, WorktreeBootstrap.NONE);
            String said = id + ": " + line.replace("{branch}", branch);
            boolean removed = verdict.equals("removed");
            assertEquals(removed ? List.of(said) : List.of(), r.removed());
            assertEquals(removed ? List.of() : List.of(said), r.kept());
            assertEquals(removed, !Files.exists(job.workspace().path()));
            assertEquals(removed, !f.jobBranches().contains(branch));
            assertEquals(removed, f.job(id).workspace().removed());
        }
    }

    @Test
    void aJobCancelledBeforeItStartedHasItsReservedBranchRemoved() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "\"max_concurrent\": 1")) {
            String running = f.spawn(SpawnRequest.prompt("first"));
            f.agentPid(running);
            String waiting = f.spawn(SpawnRequest.prompt("second"));
            assertTrue(f.jobBranches().contains("bg/" + waiting), "its branch was reserved at spawn");
            f.engine.cancelling().cancel(waiting);
            WorktreeGc.run(f.engine.store(), Duration.ZERO, false, WorktreeBootstrap.NONE);
            assertEquals(List.of("bg/" + running), f.jobBranches());
            assertTrue(f.job(waiting).workspace().removed());
        }
    }

    @Test
    void activeAndRecentJobsAreLeftAlone() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String running = f.spawn(SpawnRequest.prompt("running"));
            f.agentPid(running);
            String merged = f.succeededWriting("a.txt", "a\n").id();
            f.merge(MergeRequest.of(merged));
            WorktreeGc.Report r = WorktreeGc.run(f.engine.store(), Duration.ofDays(1), true, WorktreeBootstrap.NONE);
            assertEquals(List.of(), r.removed());
            assertEquals(List.of(), r.kept());
            assertEquals(java.util.Set.of("bg/" + merged, "bg/" + running), java.util.Set.copyOf(f.jobBranches()));
        }
    }

    /** A project with no server on it (none to clean up at start-up meanwhile), and the branches a spawn left. */
    static Stream<Arguments> reservedBranches() {
        return Stream.of(
                arguments("empty and old", false, Duration.ofMinutes(5),
                        "removed bg/agent-0a0b0c: reserved by a spawn that never recorded its job, and empty"),
                arguments("with work and old", true, Duration.ofMinutes(5),
                        "kept bg/agent-0a0b0c: no job records it, but it holds work not in main"),
                arguments("empty and just made", false, Duration.ZERO, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservedBranches")
    void aBranchNoJobRecordsGoesWhenEmptyAndOld(String what, boolean work, Duration age, String said)
            throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        EngineFixture.git(repo, "init", "-q", "-b", "main");
        EngineFixture.git(repo, "commit", "-q", "--allow-empty", "-m", "init");
        EngineFixture.git(repo, "branch", "bg/agent-0a0b0c");
        if (work) {
            Files.writeString(repo.resolve("work.txt"), "work\n");
            EngineFixture.git(repo, "add", "work.txt");
            EngineFixture.git(repo, "commit", "-q", "-m", "work");
            EngineFixture.git(repo, "branch", "-f", "bg/agent-0a0b0c", "HEAD");
            EngineFixture.git(repo, "reset", "-q", "--hard", "HEAD~1");
        }
        Files.setLastModifiedTime(repo.resolve(".git/logs/refs/heads/bg/agent-0a0b0c"),
                FileTime.from(Instant.now().minus(age)));
        JobStore none = new JobStore(repo.resolve(".context/jobs"));
        assertEquals(said == null ? List.of() : List.of(said), WorktreeGc.orphanBranches(none, repo));
        boolean gone = said != null && said.startsWith("removed");
        assertEquals(gone, EngineFixture.git(repo, "branch", "--list", "bg/*").isBlank());
    }

    @Test
    void aBranchAJobRecordsIsNoOrphan() throws Exception {
        try (EngineFixture f = new EngineFixture(dir, "")) {
            String id = f.succeededWriting("a.txt", "a\n").id();
            Files.setLastModifiedTime(f.project.resolve(".git/logs/refs/heads/bg/" + id),
                    FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            assertEquals(List.of(), WorktreeGc.orphanBranches(f.engine.store(), f.project));
            assertEquals(List.of("bg/" + id), f.jobBranches());
        }
    }
}
