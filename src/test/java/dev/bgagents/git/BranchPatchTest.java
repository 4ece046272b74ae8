package dev.bgagents.git;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A branch's diff stops at its cap on a whole line, and a file too large to diff is named by its size. */
class BranchPatchTest {
    private static final int LARGE = BranchReport.MAX_DIFFED_BLOB_BYTES + 1;

    @TempDir
    Path repo;
    private String base;

    @BeforeEach
    void branchWithASmallChangeAndALargeFile() throws Exception {
        GitRun.in(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("small.txt"), "one\n");
        GitRun.in(repo, "add", ".");
        GitRun.in(repo, "commit", "-q", "-m", "base");
        base = GitRun.in(repo, "rev-parse", "HEAD");
        GitRun.in(repo, "checkout", "-q", "-b", "bg/job");
        Files.writeString(repo.resolve("small.txt"), "one\ntwö\n");
        Files.writeString(repo.resolve("large.txt"), ("x".repeat(99) + "\n").repeat(LARGE / 100 + 1));
        GitRun.in(repo, "add", ".");
        GitRun.in(repo, "commit", "-q", "-m", "work");
    }

    @Test
    void aFileOverTheLimitIsOneLineWithItsSizeAndTheRestIsWhole() throws Exception {
        long size = Files.size(repo.resolve("large.txt"));

        BranchPatch p = BranchPatch.of(repo, base, "bg/job", 1024 * 1024);

        assertFalse(p.clipped());
        assertEquals(1, p.tooLarge());
        assertFalse(p.whole());
        assertTrue(p.text().contains("diff --git a/large.txt b/large.txt\n(" + size + " bytes: too large to show here)\n"),
                p.text());
        assertTrue(p.text().contains("+++ b/small.txt\n@@ -1 +1,2 @@\n one\n+twö\n"), p.text());
        assertEquals(List.of("large.txt +0 -0", "small.txt +1 -0"), BranchReport.of(repo, base, "bg/job").files(),
                "not counted, as a binary file is not");
    }

    @Test
    void aDiffPastTheCapEndsOnTheLastWholeLineAndSaysItWasClipped() throws Exception {
        String whole = BranchPatch.of(repo, base, "bg/job", 1024 * 1024).text();
        int cut = whole.indexOf("+twö") + 3; // inside the ö: the cap falls in a character

        BranchPatch p = BranchPatch.of(repo, base, "bg/job", whole.substring(0, cut).getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);

        assertTrue(p.clipped());
        assertEquals(whole.substring(0, whole.indexOf("+twö")), p.text());
    }
}
