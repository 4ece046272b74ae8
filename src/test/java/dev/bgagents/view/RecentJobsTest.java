package dev.bgagents.view;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RecentJobsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private static JobRow row(String id, boolean active, Duration age) {
        return new JobRow(Path.of("/p"), id, "claude", active ? "running" : "succeeded", active, 1, "t", "", null,
                null, 0, List.of(), NOW.minus(age), null, List.of(), "/p");
    }

    @Test
    void theActiveAndTheLastDaysJobsOldestFirst() {
        List<JobRow> rows = List.of(row("new", false, Duration.ofHours(1)), row("old", false, Duration.ofDays(3)),
                row("old-but-running", true, Duration.ofDays(2)));
        assertEquals(List.of("old-but-running", "new"), RecentJobs.of(rows, NOW).stream().map(JobRow::id).toList());
    }

    @Test
    void atMostTwentyKeepingEveryActiveOneAndTheNewestEnded() {
        List<JobRow> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row("ended-" + i, false, Duration.ofMinutes(100 - i)));
        }
        rows.add(row("running", true, Duration.ofMinutes(200)));
        List<String> shown = RecentJobs.of(rows, NOW).stream().map(JobRow::id).toList();
        assertEquals(RecentJobs.MAX, shown.size());
        assertTrue(shown.contains("running"));
        assertTrue(shown.contains("ended-29") && !shown.contains("ended-10"), shown.toString());
    }
}
