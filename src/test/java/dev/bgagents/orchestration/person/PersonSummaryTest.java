package dev.bgagents.orchestration.person;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.summary.Redactor;
import dev.bgagents.text.ServerText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a job asked a person, and what came of each request, in its summary. */
class PersonSummaryTest {
    private static final Instant ASKED = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    /** {@code by}: who answered ("-": nobody yet; "timeout": the deadline denied it). */
    @ParameterizedTest(name = "{0} by {1}: {3}")
    @CsvSource(delimiter = '|', value = {
            "-     | -         | -                 | no answer",
            "ALLOW | host      | -                 | allowed by host",
            "DENY  | dashboard | not in prod      | denied by dashboard: not in prod",
            "DENY  | timeout   | -                 | denied: no answer within 300 s (the agent was told)",
    })
    void eachRequestSaysWhoAnsweredHowOrThatTheDeadlineDenied(String decision, String by, String message, String shown) {
        PersonRequest r = new PersonRequest("r1", "Bash", "rm -rf build", ASKED, ASKED.plusSeconds(300));
        Optional<Answer> a = decision.equals("-") ? Optional.empty() : Optional.of(new Answer("r1",
                Answer.Decision.valueOf(decision), message.equals("-") ? null : message, by, ASKED.plusSeconds(5)));
        assertEquals(shown, PersonSummary.outcome(a, r));
    }

    @Test
    void aTimeoutWithoutADeadlineOnRecordSaysNoLimit() {
        PersonRequest r = new PersonRequest("r1", "Bash", "ls", null, null);
        assertEquals("denied: no answer (the agent was told)", PersonSummary.outcome(Optional.of(new Answer("r1",
                Answer.Decision.DENY, null, "timeout", ASKED)), r));
    }

    @Test
    void theSummaryListsTheRequestsOldestFirstUpToTenAndCountsTheRest() throws Exception {
        JobStore store = new JobStore(dir.resolve("jobs"));
        String id = "claude-aaaaaa";
        ChannelDir channel = ChannelDir.of(Files.createDirectories(store.files(id).dir()));
        for (int i = 12; i >= 1; i--) { // written newest first: the order is the asking's, not the files'
            channel.ask(new PersonRequest("r" + i, "Bash", "step " + i, ASKED.plusSeconds(i), ASKED.plusSeconds(i + 300)));
        }
        channel.answer(new Answer("r1", Answer.Decision.ALLOW, null, "host", ASKED.plusSeconds(30)));
        ServerText out = new ServerText();
        new PersonSummary(store).afterReason(JobFixtures.ended(id, JobStatus.SUCCEEDED, null), new Redactor(Map.of()), out);
        List<String> lines = out.text().strip().lines().toList();
        assertEquals("Asked a person 12 times:", lines.get(0));
        assertEquals("- Bash: step 1 — allowed by host", lines.get(1));
        assertEquals("- Bash: step 2 — no answer", lines.get(2));
        assertEquals("- Bash: step 10 — no answer", lines.get(10));
        assertEquals("- and 2 more (" + channel.requests() + ")", lines.get(11));
        assertEquals(12, lines.size());

        ServerText none = new ServerText();
        new PersonSummary(store).afterReason(JobFixtures.ended("claude-bbbbbb", JobStatus.SUCCEEDED, null),
                new Redactor(Map.of()), none);
        assertEquals("", none.text().strip(), "a job that asked nothing says nothing");
    }
}
