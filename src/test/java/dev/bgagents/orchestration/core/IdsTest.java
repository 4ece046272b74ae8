package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Engine;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Watching;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an id a host passes stands for, as job_status reads it: a job; a best-of-N group's
 * attempts; the first job of a fallback chain, whose outcome is its last job's. A wrong id is
 * one line saying so.
 */
class IdsTest extends EngineTest {
    private Watching watching() {
        return f.engine.watching();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null            | missing \"job_id\": pass the id spawn_agent returned (job_status lists them)",
            "'  '            | missing \"job_id\": pass the id spawn_agent returned (job_status lists them)",
            "../jobs         | malformed job id \"../jobs\": ids look like claude-3f9a1c (job_status lists them)",
            "agent-3f9a1c/.. | malformed job id \"agent-3f9a1c/..\": ids look like claude-3f9a1c (job_status lists them)",
            "-agent          | malformed job id \"-agent\": ids look like claude-3f9a1c (job_status lists them)",
            "agent-000000    | unknown job id \"agent-000000\": job_status lists the jobs of this project"})
    void aWrongIdIsOneLine(String id, String message) {
        assertEquals(message, assertThrows(Refusal.class, () -> watching().job(id)).getMessage());
    }

    @Test
    void aJobAnotherServerJustStartedIsFound() throws Exception {
        try (Engine other = f.anotherServer()) {
            String id = other.spawning().spawn(SpawnRequest.prompt("from the other session").build()).job().id();
            assertEquals("from the other session", watching().job(id).spec().title());
        }
    }

    @Test
    void aGroupIdStandsForItsAttemptsInTheOrderStarted() {
        Spawning.GroupStarted g = f.engine.spawning().spawnAttempts(new Spawning.AttemptsRequest(
                List.of("other", "agent", "third"), SpawnRequest.prompt("try it").build()));
        assertTrue(g.group().startsWith("best-"), g.group());
        assertEquals(List.of("other", "agent", "third"),
                watching().attempts(g.group()).stream().map(j -> j.spec().provider()).toList());
        assertEquals(List.of(), watching().attempts(g.attempts().get(0).job().id()), "a job's id is no group");
    }

    @Test
    void anUnknownGroupIsOneLine() {
        assertEquals("unknown group \"best-000000\": spawn_agent with attempts answers with its id",
                assertThrows(Refusal.class, () -> watching().attempts("best-000000")).getMessage());
    }

    @Test
    void theFirstIdOfAFallbackChainFollowsItToItsLastJob() throws Exception {
        EngineFixture.Chain chain = f.fallenBack();
        String first = chain.first();
        String reason = f.job(first).state().reason();
        assertTrue(reason.startsWith("rate limited (HTTP 429)"), reason);

        Job next = watching().latest(first);
        assertEquals(chain.next(), next.id());
        assertNotEquals(first, next.id());
        assertEquals("other", next.spec().provider());
        assertEquals(first, next.spec().relations().fallbackOf());
        f.agentExits(next.id(), "done\n", 0);
        assertEquals(JobStatus.SUCCEEDED, watching().latest(first).status());
        assertEquals(next.id(), watching().latest(first).id());
        assertEquals(JobStatus.FAILED, watching().job(first).status(), "the id itself still names the first job");
    }

    @Test
    void aJobThatFailedOnItsMeritsIsItsOwnLatest() throws Exception {
        String id = f.spawn(SpawnRequest.prompt("write it").fallback("other"));
        f.agentExits(id, "tests fail\n", 1);
        assertEquals(id, watching().latest(id).id());
        assertEquals(JobStatus.FAILED, watching().latest(id).status());
        assertEquals(1, f.jobDirs().size(), "no fallback job");
    }
}
