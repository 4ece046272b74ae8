package dev.bgagents.orchestration.conflicts;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.JobDir;
import dev.bgagents.summary.Redactor;
import dev.bgagents.text.ServerText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A conflict round's record, what its agent is told, and what its summary says — without git. */
class ConflictRecordsTest {
    private static final String TARGET = "1234567890abcdef1234567890abcdef12345678";
    private static final String LANDED = "fedcba0987654321fedcba0987654321fedcba09";

    @TempDir
    Path dir;

    private static Resolution resolution(int ended, int rounds, String landed) {
        List<String> history = IntStream.rangeClosed(1, ended).mapToObj(i -> "round " + i + ": markers left in a.txt").toList();
        return new Resolution("claude-aaaaaa", "bg/claude-aaaaaa", "main", false, false, rounds, "0000000", TARGET,
                List.of("a.txt", "lib/b.js"), history, landed);
    }

    @ParameterizedTest(name = "{0} rounds ended of {1}: round {2}, another after it {3}")
    @CsvSource({"0, 1, 1, false", "0, 3, 1, true", "1, 3, 2, true", "2, 3, 3, false", "3, 3, 4, false"})
    void roundsAreCountedFromTheEndedOnesAndStopAtTheLimit(int ended, int rounds, int round, boolean more) {
        Resolution r = resolution(ended, rounds, null);
        assertEquals(round, r.round());
        assertEquals(more, r.roundsLeft());
        assertEquals(ended + 1, r.ended("round " + round + ": resolved").history().size(), "a round's end is a line more");
    }

    @Test
    void aResolutionReadsBackAsWrittenAndAJobWithoutOneOrWithAnUnreadableOneResolvesNothing() throws Exception {
        JobDir d = new JobDir(Files.createDirectories(dir.resolve("claude-bbbbbb")));
        assertNull(Resolution.read(d));
        Resolution r = resolution(1, 3, null).on("aaaa111", List.of("c.txt")).landedAs(LANDED);
        r.write(d);
        assertEquals(r, Resolution.read(d));
        Files.writeString(Resolution.file(d), "{\"author\": ");
        assertNull(Resolution.read(d));
    }

    /** {@code subjects}: how many commits the target gained; {@code listed}, {@code more}: shown, counted. */
    @ParameterizedTest(name = "{0} subjects: {1} listed, {2} counted")
    @CsvSource({"0, 0, 0", "3, 3, 0", "15, 15, 0", "16, 15, 1", "40, 15, 25"})
    void theOtherSideIsItsCommitSubjectsCappedAndTheRestCounted(int subjects, int listed, int more) {
        List<String> theirs = IntStream.rangeClosed(1, subjects).mapToObj(i -> "Subject " + i).toList();
        String p = ConflictPrompt.render(resolution(0, 3, null), "add the job line", theirs, null);
        assertEquals(listed, p.lines().filter(l -> l.startsWith("- Subject ")).count());
        assertEquals(more > 0, p.contains("- … and " + more + " more\n"), p);
    }

    @Test
    void theFirstRoundIsToldTheFilesBothSidesAndWhatCountsAsDone() {
        String p = ConflictPrompt.render(resolution(0, 2, null), "add the job line",
                List.of("Add the main line\nwith a body", "x".repeat(300)), null);
        assertTrue(p.startsWith("Resolve the merge conflicts of main into bg/claude-aaaaaa (conflict round 1 of 2)\n\n"
                + "bg-agents merged main (1234567) into this branch in this worktree; git left conflict markers in:\n"
                + "- a.txt\n- lib/b.js\n\nThis branch's side — the task it was made for:\n\nadd the job line\n\n"
                + "The other side — what main gained since the two parted:\n"), p);
        assertFalse(p.contains("The previous round"), "nothing to say of a round before the first");
        List<String> subjects = p.lines().filter(l -> l.startsWith("- Add the main") || l.startsWith("- xxx")).toList();
        assertEquals(2, subjects.size(), "each subject on one line: " + p);
        assertTrue(subjects.get(1).length() <= 2 + 120, subjects.get(1).length() + " characters");
        assertTrue(p.contains("Remove every <<<<<<< ======= >>>>>>> marker"), p);
        assertTrue(p.contains("a round with markers left, or nothing committed, does not count"), p);
    }

    @Test
    void aLaterRoundIsToldWhyTheOneBeforeDidNotCountAndALongTaskIsClipped() {
        String task = "t".repeat(2_500);
        String p = ConflictPrompt.render(resolution(1, 3, null), task, List.of(), "markers left in a.txt");
        assertTrue(p.startsWith("Resolve the merge conflicts of main into bg/claude-aaaaaa (conflict round 2 of 3)\n\n"
                + "The previous round did not resolve it: markers left in a.txt.\n\n"), p);
        assertTrue(p.contains("t".repeat(2_000) + "…\n"), "the task clipped to 2,000 characters");
        assertFalse(p.contains("t".repeat(2_001)));
    }

    private String summary(Job job, Resolution r, boolean under) throws Exception {
        JobStore store = new JobStore(dir.resolve("jobs"));
        JobDir d = store.files(job.id());
        Files.createDirectories(d.dir());
        if (r != null) {
            r.write(d);
        }
        ServerText out = new ServerText();
        ConflictSummary s = new ConflictSummary(store);
        if (under) {
            s.underTitle(job, new Redactor(Map.of()), out);
        } else {
            s.afterReason(job, new Redactor(Map.of()), out);
        }
        return out.text().strip();
    }

    @ParameterizedTest(name = "{0} rounds ended of {1}, landed {2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "1 | 1 | true  | Merged bg/claude-aaaaaa into main as fedcba0 after 1 of 1 conflict round",
            "2 | 3 | true  | Merged bg/claude-aaaaaa into main as fedcba0 after 2 of 3 conflict rounds",
            "3 | 3 | false | Not merged into main after 3 of 3 conflict rounds",
            "0 | 2 | false | Not merged into main after 1 of 2 conflict rounds",
    })
    void theSummarySaysWhetherTheMergeLandedAndInHowManyRounds(int ended, int rounds, boolean landed, String line)
            throws Exception {
        Job round = JobFixtures.withWorkspace(JobFixtures.ended("claude-cccccc", JobStatus.SUCCEEDED, null), "bg/claude-aaaaaa");
        assertEquals(line, summary(round, resolution(ended, rounds, landed ? LANDED : null), true));
    }

    @Test
    void theSummaryListsEachRoundUnlessOneRoundLandedAndSaysNothingOfAJobThatResolvesNothing() throws Exception {
        Job round = JobFixtures.withWorkspace(JobFixtures.ended("claude-cccccc", JobStatus.FAILED, "markers left"),
                "bg/claude-aaaaaa");
        assertEquals("- round 1: markers left in a.txt\n- round 2: markers left in a.txt",
                summary(round, resolution(2, 3, null), false));
        assertEquals("", summary(round, resolution(1, 3, LANDED), false), "the line under the title says it all");
        assertEquals("", summary(JobFixtures.ended("claude-eeeeee", JobStatus.SUCCEEDED, null), null, true),
                "a job that resolves nothing");
        Job running = JobFixtures.running("claude-dddddd");
        assertEquals("", summary(running, resolution(1, 3, null), true), "no verdict before the round ends");
        ConflictSummary s = new ConflictSummary(new JobStore(dir.resolve("jobs")));
        assertEquals("nothing to merge: claude-aaaaaa's work is in main", nextOf(s, round, resolution(1, 3, LANDED)));
        assertTrue(nextOf(s, round, resolution(3, 3, null)).endsWith(
                "(merge main into bg/claude-aaaaaa) then merge_worktree {job_id: \"claude-aaaaaa\"}, or ask again with resolve: true"));
    }

    private String nextOf(ConflictSummary s, Job job, Resolution r) throws Exception {
        r.write(new JobStore(dir.resolve("jobs")).files(job.id()));
        return s.next(job);
    }
}
