package dev.bgagents.git;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Merges into the checked-out branch, and the states a crash leaves in the middle of one: each
 * must end, after recovery, with HEAD, index and files agreeing and no lock or temp file left.
 */
class MergerTest {
    @TempDir
    Path repo;
    private String mainTip;
    private String branchTip;
    private final List<String> recorded = new ArrayList<>();
    private final Merger.Recorder recorder = (job, into, commit) -> recorded.add(job + " " + into + " " + commit);

    @BeforeEach
    void repoWithABranchOfManyChanges() throws Exception {
        git("init", "-q", "-b", "main");
        for (int i = 0; i < 200; i++) {
            write("src/f" + i + ".txt", "old " + i + "\n");
        }
        write("gone/only.txt", "to be deleted\n");
        write("README.md", "readme\n");
        git("add", ".");
        git("commit", "-q", "-m", "base");
        mainTip = git("rev-parse", "HEAD");
        git("checkout", "-q", "-b", "bg/claude-abc123");
        for (int i = 0; i < 200; i++) {
            write("src/f" + i + ".txt", "new " + i + "\n");
        }
        write("new/dir/added.txt", "added\n");
        write("run.sh", "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(repo.resolve("run.sh"), java.util.EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        Files.createSymbolicLink(repo.resolve("link"), Path.of("README.md"));
        git("rm", "-q", "-r", "gone");
        git("add", ".");
        git("commit", "-q", "-m", "work");
        branchTip = git("rev-parse", "HEAD");
        git("checkout", "-q", "main");
        write("other.txt", "main moved on\n");
        git("add", ".");
        git("commit", "-q", "-m", "main work");
        mainTip = git("rev-parse", "HEAD");
    }

    @Test
    void aMergeIntoTheCheckedOutBranchLeavesTreeIndexAndHeadAgreeing() throws Exception {
        Merger.Outcome o = Merger.merge(repo, "claude-abc123", "bg/claude-abc123", null, "main", Merger.Strategy.MERGE,
                false, "Merge", recorder);

        assertTrue(o.merged(), o.refusal());
        assertEquals(o.commit(), git("rev-parse", "HEAD"));
        assertEquals("", git("status", "--porcelain"));
        assertEquals("new 7\n", Files.readString(repo.resolve("src/f7.txt")));
        assertFalse(Files.exists(repo.resolve("gone")), "the emptied directory goes, as git checkout does");
        assertTrue(Files.isExecutable(repo.resolve("run.sh")));
        assertEquals(Path.of("README.md"), Files.readSymbolicLink(repo.resolve("link")));
        assertEquals(List.of("claude-abc123 main " + o.commit()), recorded);
        assertNothingLeft();
    }

    @Test
    void aCrashAfterTheJournalBeforeAnyFileChangedIsFinishedByRecovery() throws Exception {
        String merged = mergeCommitWithoutMoving();
        journal(merged).write(RepoLock.commonDir(repo));

        Optional<String> what = Merger.recover(repo, recorder);

        assertTrue(what.orElseThrow().startsWith("finished the merge of bg/claude-abc123 into main"), what.get());
        assertFinishedAt(merged);
    }

    @Test
    void aCrashHalfwayThroughTheFilesWithLocksLeftIsFinishedByRecovery() throws Exception {
        String merged = mergeCommitWithoutMoving();
        journal(merged).write(RepoLock.commonDir(repo));
        for (int i = 0; i < 100; i++) {
            write("src/f" + i + ".txt", "new " + i + "\n"); // the renames a kill cut short
        }
        Files.writeString(repo.resolve(".git/index.lock"), "");
        Files.writeString(repo.resolve(".git/refs/heads/main.lock"), "");

        assertTrue(Merger.recover(repo, recorder).isPresent());

        assertFinishedAt(merged);
    }

    @Test
    void aCrashAfterTheBranchMovedOnlyRecordsAndCleansUp() throws Exception {
        String merged = mergeCommitWithoutMoving();
        journal(merged).write(RepoLock.commonDir(repo));
        git("reset", "-q", "--hard", merged);

        assertTrue(Merger.recover(repo, recorder).isPresent());

        assertFinishedAt(merged);
    }

    @Test
    void aFileTheUserEditedSinceTheCrashIsKeptAsTheUserHasIt() throws Exception {
        String merged = mergeCommitWithoutMoving();
        journal(merged).write(RepoLock.commonDir(repo));
        write("src/f3.txt", "the user's own edit\n");

        String what = Merger.recover(repo, recorder).orElseThrow();

        assertTrue(what.contains("your edits to src/f3.txt were kept"), what);
        assertEquals(merged, git("rev-parse", "HEAD"));
        assertEquals("the user's own edit\n", Files.readString(repo.resolve("src/f3.txt")));
        assertEquals(" M src/f3.txt", git("status", "--porcelain"));
    }

    @Test
    void aBranchThatMovedOnSinceIsLeftAloneAndTheJournalSetAside() throws Exception {
        String merged = mergeCommitWithoutMoving();
        journal(merged).write(RepoLock.commonDir(repo));
        write("later.txt", "the user went on\n");
        git("add", ".");
        git("commit", "-q", "-m", "later");
        String later = git("rev-parse", "HEAD");

        String what = Merger.recover(repo, recorder).orElseThrow();

        assertTrue(what.contains("was left as it is"), what);
        assertEquals(later, git("rev-parse", "HEAD"));
        assertEquals("", git("status", "--porcelain"));
        assertEquals(List.of(), recorded);
        assertFalse(Files.exists(MergeJournal.file(RepoLock.commonDir(repo))));
    }

    @Test
    void noJournalNoRecovery() throws Exception {
        assertEquals(Optional.empty(), Merger.recover(repo, recorder));
    }

    @Test
    void aLockHeldByAnotherGitRefusesTheMergeWithNothingChanged() throws Exception {
        Files.writeString(repo.resolve(".git/index.lock"), "");

        Merger.Outcome o = Merger.merge(repo, "claude-abc123", "bg/claude-abc123", null, "main", Merger.Strategy.MERGE,
                false, "Merge", recorder);

        assertFalse(o.merged());
        assertTrue(o.refusal().contains("index.lock exists"), o.refusal());
        assertEquals(mainTip, git("rev-parse", "HEAD"));
        assertFalse(Files.exists(MergeJournal.file(RepoLock.commonDir(repo))));
    }

    @Test
    void aBranchNotAtTheCommitReviewedIsRefusedWithNothingChanged() throws Exception {
        String reviewed = git("rev-parse", "bg/claude-abc123~1");

        Merger.Outcome o = Merger.merge(repo, "claude-abc123", "bg/claude-abc123", reviewed, "main",
                Merger.Strategy.MERGE, false, "Merge", recorder);

        assertFalse(o.merged());
        assertEquals("bg/claude-abc123 is at " + branchTip + ", not at " + reviewed + ", the commit reviewed: review "
                + "it as it is, then merge", o.refusal());
        assertEquals(mainTip, git("rev-parse", "HEAD"));
        assertEquals(List.of(), recorded);
        assertTrue(Merger.merge(repo, "claude-abc123", "bg/claude-abc123", branchTip, "main", Merger.Strategy.MERGE,
                false, "Merge", recorder).merged(), "at the commit reviewed it merges");
    }

    private void assertFinishedAt(String merged) throws Exception {
        assertEquals(merged, git("rev-parse", "HEAD"));
        assertEquals("", git("status", "--porcelain"));
        assertEquals("new 150\n", Files.readString(repo.resolve("src/f150.txt")));
        assertEquals(List.of("claude-abc123 main " + merged), recorded);
        assertNothingLeft();
    }

    private void assertNothingLeft() throws Exception {
        assertFalse(Files.exists(repo.resolve(".git/index.lock")));
        assertFalse(Files.exists(repo.resolve(".git/refs/heads/main.lock")));
        assertFalse(Files.exists(MergeJournal.file(RepoLock.commonDir(repo))));
        assertFalse(Files.exists(MergeJournal.scratch(RepoLock.commonDir(repo))));
        try (Stream<Path> all = Files.walk(repo)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    /** The merge commit a crashed merge would have made, with main not moved yet. */
    private String mergeCommitWithoutMoving() throws Exception {
        String tree = git("merge-tree", "--write-tree", "main", "bg/claude-abc123");
        return git("commit-tree", tree, "-p", mainTip, "-p", branchTip, "-m", "Merge");
    }

    private MergeJournal journal(String merged) throws IOException {
        return new MergeJournal("claude-abc123", "bg/claude-abc123", "main", mainTip, merged,
                repo.toRealPath().toString(), Instant.now());
    }

    private void write(String path, String content) throws IOException {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
    }

    private String git(String... args) throws Exception {
        return GitRun.in(repo, args);
    }
}
