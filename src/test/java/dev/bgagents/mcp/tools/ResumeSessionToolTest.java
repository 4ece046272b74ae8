package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** resume_session: the request it makes and how a continued or re-sent session reads. */
class ResumeSessionToolTest {
    private final List<Resuming.Request> asked = new ArrayList<>();
    private String session = "sess-1";

    private Answer call(Map<String, Object> args) {
        Resuming r = req -> {
            asked.add(req);
            return new Resuming.Resumed(new Spawning.Started(JobFixtures.running("claude-bbbbbb"), 1, 6, false,
                    List.of()), req.jobId(), session);
        };
        return Answers.call(new ResumeSessionTool(r), args, Progress.NONE);
    }

    @Test
    void aFollowUpContinuesTheSession() {
        Answer a = call(Map.of("job_id", "claude-aaaaaa", "prompt", "now the tests", "timeout_minutes", 3));
        assertEquals(new Resuming.Request("claude-aaaaaa", "now the tests", 3.0, null), asked.get(0));
        assertEquals("Started claude-bbbbbb, continuing claude-aaaaaa (session sess-1). Wait: job_status wait=\"any\".",
                a.text());
        assertEquals(Map.of("job_id", "claude-bbbbbb", "status", "running", "resumes", "claude-aaaaaa",
                "session_id", "sess-1", "next", "job_status {job_ids: [\"claude-bbbbbb\"], wait: \"any\"}"), a.structured());
    }

    @Test
    void aCliWithoutSessionsIsSentTheEarlierExchange() {
        session = null;
        Answer a = call(Map.of("job_id", "ollama-aaaaaa", "prompt", "shorter"));
        assertTrue(a.text().contains("(earlier exchange re-sent as context)"), a.text());
    }

    @Test
    void aMistakeAsksNothing() {
        Answer a = call(Map.of("job_id", "claude-aaaaaa", "prompt", "x", "stall_minutes", 0));
        assertTrue(a.isError() && a.text().contains("between 0.01 and 1440"), a.text());
        assertTrue(asked.isEmpty());
    }
}
