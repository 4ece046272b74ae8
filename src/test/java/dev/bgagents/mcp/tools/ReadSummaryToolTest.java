package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** read_summary: the budget it asks for, the section it pages, and the fields beside the markdown. */
class ReadSummaryToolTest {
    private final FakeJobs jobs = new FakeJobs().with(JobFixtures.ended("claude-aaaaaa", JobStatus.SUCCEEDED, null));

    private Answer call(Map<String, Object> args) {
        return Answers.call(new ReadSummaryTool(jobs), args, Progress.NONE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            max_chars below the floor      | {"job_id":"claude-aaaaaa","max_chars":10}      | between 200 and 100000
            an unknown section             | {"job_id":"claude-aaaaaa","section":"all"}     | must be one of summary, final, diff, commands, errors, log
            a negative offset              | {"job_id":"claude-aaaaaa","section":"log","offset":-5} | between 0 and
            no job id                      | {}                                             | missing "job_id"
            an unknown job                 | {"job_id":"claude-ffffff"}                     | unknown job id
            """)
    void mistakes(String what, String json, String expected) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> args = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
        Answer a = call(args);
        assertTrue(a.isError() && a.text().contains(expected), what + ": " + a.text());
    }

    @Test
    void theSummaryIsUnderTheBudgetWithItsFieldsBeside() {
        Answer a = call(Map.of("job_id", "claude-aaaaaa"));
        assertTrue(a.text().startsWith("## claude-aaaaaa: succeeded"));
        assertEquals(1500, a.text().length(), "the default budget");
        // a host that shows only the structured part (Claude Code) reads the summary there
        assertEquals(Map.of("job_id", "claude-aaaaaa", "status", "succeeded", "summary", a.text()), a.structured());
        assertEquals(300, call(Map.of("job_id", "claude-aaaaaa", "max_chars", 300)).text().length());
    }

    @Test
    void aSectionIsAPageWithWhereTheNextStarts() {
        Answer a = call(Map.of("job_id", "claude-aaaaaa", "section", "diff", "offset", 40));
        assertEquals("### diff of claude-aaaaaa", a.text());
        assertEquals("diff", a.structured().get("section"));
        assertEquals(40L, a.structured().get("offset"));
        assertNull(a.structured().get("next_offset"));
        assertTrue(a.structured().containsKey("next_offset"), "null says it is the last page");
        assertEquals(a.text(), a.structured().get("text"), "the page itself, for hosts that show only this part");
    }

    @Test
    void noPageOrSummaryIsLongerThanHostsKeepWhateverMaxCharsAsks() {
        Answer summary = call(Map.of("job_id", "claude-aaaaaa", "max_chars", 60_000));
        assertEquals(ReadSummaryTool.PAGE_CHARS, summary.text().length());
        call(Map.of("job_id", "claude-aaaaaa", "section", "log", "max_chars", 60_000));
        assertEquals(ReadSummaryTool.PAGE_CHARS, jobs.pageAsked, "a page of at most ~16,000 characters, the rest by offset");
    }
}
