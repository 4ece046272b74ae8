package dev.bgagents.orchestration.fallback;

import dev.bgagents.summary.SummaryPart;

import dev.bgagents.orchestration.core.Summaries;

import dev.bgagents.summary.Redactor;


import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FallbackSummaryTest {
    private static final Redactor NO_SECRETS = new Redactor(Map.of());
    private static final Summaries SUMMARIES = new Summaries(NO_SECRETS, SummaryPart.NONE);
    private static final Instant NOW = JobFixtures.CREATED.plusSeconds(600);

    @Test
    void saysWhatRanWhyItMovedOnAndGivesTheKeptJobsSummary() {
        Job first = JobFixtures.ended("claude-aaaaaa", JobStatus.FAILED,
                "rate limited (HTTP 429): retry later or use another provider — HTTP 429: API Error: Request rejected");
        Job kept = JobFixtures.ended("codex-bbbbbb", JobStatus.SUCCEEDED, null);

        String md = FallbackSummary.render(List.of(first, kept), 1500, SUMMARIES);

        assertEquals("Fallback: claude-aaaaaa (claude) failed: rate limited (HTTP 429): retry later or use another "
                + "provider → codex-bbbbbb (codex) succeeded. Kept codex-bbbbbb:", md.lines().findFirst().orElseThrow());
        assertTrue(md.contains("## codex-bbbbbb: succeeded") && md.contains("Wrote hello.txt."), md);
        assertTrue(md.length() <= 1500);
    }

    @Test
    void aChainStillRunningSaysToWaitOnTheFirstId() {
        Job first = JobFixtures.ended("claude-aaaaaa", JobStatus.FAILED, "model server unreachable — ECONNREFUSED");
        String md = FallbackSummary.render(List.of(first, JobFixtures.running("codex-bbbbbb")), 1500, SUMMARIES);

        assertTrue(md.startsWith("Fallback: claude-aaaaaa (claude) failed: model server unreachable → codex-bbbbbb "
                + "(codex) running: wait on claude-aaaaaa again."), md);
    }
}
