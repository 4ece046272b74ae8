package dev.bgagents.summary;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.bgagents.summary.ReviewVerdict.Verdict.*;
import static org.junit.jupiter.api.Assertions.*;

/** Reviewers' answers as real CLIs write them: markdown, numbered lists, verdicts dressed in bold or code. */
class ReviewVerdictTest {

    @Test
    void aMarkdownReviewAskingForChangesGivesItsFindings() {
        ReviewVerdict v = ReviewVerdict.parse("""
                ## Review of `bg/claude-3f9a1c`

                The change adds `greet()` but misses the edge cases.

                **Findings**
                - **High:** `greet(null)` throws a `NullPointerException` (src/greet.py:12).
                - The new test only covers the happy path.
                * README still documents the old flag `--name`.

                VERDICT: changes
                """);
        assertEquals(CHANGES, v.verdict());
        assertEquals(List.of("High: greet(null) throws a NullPointerException (src/greet.py:12).",
                "The new test only covers the happy path.", "README still documents the old flag --name."),
                v.findings());
        assertFalse(v.approves());
        assertEquals("changes, 3 findings", v.brief());
    }

    @Test
    void anApprovalInBoldOrCodeOrAHeadingApproves() {
        for (String last : List.of("**VERDICT: approve**", "`VERDICT: approve`", "**Verdict:** Approve",
                "### VERDICT: approve", "> VERDICT: approved", "VERDICT: APPROVE.", "- VERDICT: approve")) {
            ReviewVerdict v = ReviewVerdict.parse("Looks correct; the tests pass.\n\n" + last);
            assertEquals(APPROVE, v.verdict(), last);
            assertEquals(List.of(), v.findings(), last);
        }
    }

    @Test
    void numberedFindingsAndChangesRequestedCount() {
        ReviewVerdict v = ReviewVerdict.parse("""
                1. Off-by-one in the loop bound (`i <= n`).
                2) The error message leaks the token.

                Verdict — changes requested
                """);
        assertEquals(CHANGES, v.verdict());
        assertEquals(2, v.findings().size());
        assertEquals("Off-by-one in the loop bound (i <= n).", v.findings().get(0));
    }

    @Test
    void theLastVerdictLineWinsAndAnEchoOfTheInstructionDecidesNothing() {
        assertEquals(CHANGES, ReviewVerdict.parse("I first thought VERDICT: approve\nbut:\n- a bug\nVERDICT: changes")
                .verdict());
        assertEquals(APPROVE, ReviewVerdict.parse("VERDICT: changes\n(retracted after reading the tests)\nVERDICT: approve")
                .verdict());
        assertEquals(NONE, ReviewVerdict.parse("You asked me to end with VERDICT: approve or VERDICT: changes.\n"
                + "VERDICT: approve or changes").verdict());
    }

    @Test
    void noVerdictLineIsNoVerdictAndNoApproval() {
        for (String m : List.of("The code looks good to me.", "", "I approve of this change.",
                "- nit: rename x\nOverall fine.")) {
            ReviewVerdict v = ReviewVerdict.parse(m);
            assertEquals(NONE, v.verdict(), m);
            assertFalse(v.approves());
        }
        assertEquals(NONE, ReviewVerdict.parse(null).verdict());
        assertTrue(ReviewVerdict.parse("no line").render("claude-aaaaaa").startsWith("Verdict: none found (this is not "
                + "an approval)"));
    }

    @Test
    void atMostEightFindingsAreKeptAndTheRestCounted() {
        StringBuilder m = new StringBuilder();
        for (int i = 1; i <= 11; i++) {
            m.append("- finding number ").append(i).append('\n');
        }
        ReviewVerdict v = ReviewVerdict.parse(m + "- " + "x".repeat(400) + "\nVERDICT: changes");
        assertEquals(8, v.findings().size());
        assertEquals(4, v.more());
        assertEquals("changes, 12 findings", v.brief());
        String md = v.render("claude-aaaaaa");
        assertTrue(md.startsWith("Verdict: changes — review of claude-aaaaaa\nFindings:\n- finding number 1\n"), md);
        assertTrue(md.contains("- (+4 more: read_summary section=final)"), md);
    }

    @Test
    void noneAsTheOnlyFindingIsNoFinding() {
        ReviewVerdict v = ReviewVerdict.parse("Findings:\n- None.\n\nVERDICT: approve");
        assertEquals(List.of(), v.findings());
        assertEquals("approve", v.brief());
    }

    private static Job review(JobStatus status, String finalMessage) {
        Job ended = JobFixtures.ended("codex-bbbbbb", status, status == JobStatus.SUCCEEDED ? null : "exited 1");
        AgentReport r = ended.report();
        return new Job(JobFixtures.spec("codex-bbbbbb").permissions("read-only").reviewOf("claude-aaaaaa").build(),
                ended.state(), new AgentReport(r.succeeded(), r.reason(), r.sessionId(), finalMessage, r.usage(),
                List.of(), List.of(), List.of(), r.turns()), null);
    }

    @Test
    void eightLongFindingsAndTheNextStepFitTheDefaultSummary() {
        StringBuilder m = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            m.append("- finding ").append(i).append(": ").append("detail ".repeat(40)).append('\n');
        }
        String md = SummaryRenderer.render(review(JobStatus.SUCCEEDED, m + "VERDICT: changes"),
                SummaryRenderer.DEFAULT_MAX_CHARS, Instant.now(), new Redactor(Map.of()));
        assertTrue(md.length() <= SummaryRenderer.DEFAULT_MAX_CHARS, md);
        assertTrue(md.startsWith("## codex-bbbbbb: succeeded (codex, 30 s)\nVerdict: changes — review of "
                + "claude-aaaaaa\nFindings:\n- finding 1: detail"), md);
        assertTrue(md.contains("- finding 8: ") && !md.contains("- finding 9: ") && md.contains("(+2 more"), md);
        assertTrue(md.contains("Next: resume_session {job_id: \"claude-aaaaaa\""), md);
    }

    @Test
    void aReviewThatFailedHasNoVerdictWhateverItSaid() {
        Job failed = review(JobStatus.FAILED, "- looks fine\nVERDICT: approve");
        assertEquals(NONE, ReviewVerdict.of(failed).orElseThrow().verdict());
        String md = SummaryRenderer.render(failed, SummaryRenderer.DEFAULT_MAX_CHARS, Instant.now(),
                new Redactor(Map.of()));
        assertTrue(md.contains("\nVerdict: none found (this is not an approval) — review of claude-aaaaaa\n"), md);
        assertTrue(md.contains("Next: spawn_agent {review_of: \"claude-aaaaaa\"} to review again"), md);
        assertTrue(ReviewVerdict.of(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null)).isEmpty(),
                "a job that is no review has no verdict");
    }
}
