package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No answer of the packaged server is longer than hosts keep (Codex cuts results to ~48,000
 * characters, Gemini to ~40,000, silently): ~16,000 at most, with the way to the rest in it.
 */
class AnswerBoundsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MOST = 16_000;

    private static int structured(McpSchema.CallToolResult r) throws Exception {
        return JSON.writeValueAsString(r.structuredContent()).length();
    }

    @Test
    void twoThousandUnreadEndedJobsGiveJobStatusOnePageThatSaysHowToSeeTheRest(@TempDir Path dir) throws Exception {
        ServerHarness h = new ServerHarness(dir, "");
        JobStore store = new JobStore(dir.resolve(".context/jobs"));
        for (int i = 0; i < 2000; i++) {
            Job j = JobFixtures.ended(store.newId("codex"), JobStatus.FAILED, "rate limited (HTTP 429)");
            store.create(j.spec(), "fix the sum", null);
            store.end(j.id(), j.state(), j.report(), null);
        }
        try (ServerHarness server = h.start()) {
            McpSchema.CallToolResult r = server.call("job_status", Map.of());
            String text = ServerHarness.text(r);
            System.out.printf("[bounds] job_status with 2,000 unread ended jobs: %d chars of text, %d of structured "
                    + "content (issue 29 measured 102,665 and 297,912 before paging)%n", text.length(), structured(r));
            assertTrue(text.length() <= MOST && structured(r) <= MOST, text.length() + " / " + structured(r));
            assertTrue(text.contains("Not listed: 1980 older ended jobs"), text);
            assertEquals(20, ((List<?>) ((Map<?, ?>) r.structuredContent()).get("jobs")).size());
        }
    }

    @Test
    void aHugeLogAndFinalMessageComeAPageAtATimeWhateverMaxCharsAsks(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = (String) ((Map<?, ?>) h.call("spawn_agent", Map.of("prompt", "MODE:bigjob")).structuredContent())
                    .get("job_id");
            h.call("job_status", Map.of("job_ids", List.of(id), "wait", "all"));
            h.call("job_status", Map.of("job_ids", List.of(id), "wait", "all"));
            for (String section : List.of("log", "final")) {
                McpSchema.CallToolResult page = h.call("read_summary", Map.of("job_id", id, "section", section,
                        "max_chars", 60_000));
                String text = ServerHarness.text(page);
                Map<?, ?> s = (Map<?, ?>) page.structuredContent();
                System.out.printf("[bounds] read_summary section %s, max_chars 60,000: %d chars of text, %d of "
                        + "structured content, next_offset %s%n", section, text.length(), structured(page), s.get("next_offset"));
                assertTrue(text.length() <= MOST, section + ": " + text.length());
                assertNotNull(s.get("next_offset"), section + " goes on from the next offset");
                assertTrue(text.contains("offset=" + s.get("next_offset")), "the text says where: " + text.substring(text.length() - 80));
            }
        }
    }
}
