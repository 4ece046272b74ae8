package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.MergeRequest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Resuming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * resume_session as the host reaches it: a new job continuing an ended job's session in the same
 * worktree — by its session id, or with the earlier exchange re-sent to a CLI without sessions —
 * or one line saying why it cannot, nothing made.
 */
class ResumerTest extends EngineTest {
    /** What real claude printed writing a file: a session to continue. */
    private static final String CLAUDE_WROTE = "fixtures/agent-output/claude-write.stdout.jsonl";

    private Resuming.Resumed resume(String id, String prompt) {
        return f.engine.resuming().resume(new Resuming.Request(id, prompt, null, null));
    }

    /** A job brought to some state; the follow-up asked of it and the one line that refuses it. */
    interface Situation {
        Refused make(EngineFixture f) throws Exception;
    }

    record Refused(String jobId, String prompt, String message) {
    }

    static Stream<Arguments> refusals() {
        return Stream.<Arguments>of(
                arguments("no follow-up", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    return new Refused(id, " ", "missing \"prompt\": say what the agent should do next");
                }),
                arguments("a running job", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work"));
                    f.agentPid(id);
                    return new Refused(id, "more", id + " is still running: wait for it (job_status wait=\"any\") "
                            + "or cancel it before resuming");
                }),
                arguments("no session to continue", (Situation) f -> {
                    String id = f.spawn(SpawnRequest.prompt("work").provider("claude"));
                    f.agentExits(id, "", 1);
                    return new Refused(id, "more", id + " never produced a session id (failed before the agent "
                            + "started a session): spawn a new job instead");
                }),
                arguments("a worktree removed after its merge", (Situation) f -> {
                    String id = f.succeededWriting("a.txt", "a\n").id();
                    f.merge(MergeRequest.of(id).cleanup());
                    return new Refused(id, "more", id + "'s worktree was removed after its merge: spawn a new job");
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedWithNothingMade(String what, Situation situation) throws Exception {
        Refused asked = situation.make(f);
        List<String> footprint = f.footprint();
        Refusal r = assertThrows(Refusal.class, () -> resume(asked.jobId(), asked.prompt()));
        assertEquals(asked.message(), r.getMessage());
        assertEquals(footprint, f.footprint());
    }

    @Test
    void aSessionIsContinuedByItsIdInTheSameWorktree() throws Exception {
        String id = f.spawn(SpawnRequest.prompt("write hello.txt").provider("claude"));
        Job earlier = f.agentReplays(id, CLAUDE_WROTE, 0);
        Resuming.Resumed r = resume(id, "now add a test");
        assertEquals("2117fe14-353a-460e-8b4c-eab7a09dd684", r.sessionId());
        Job next = r.started().job();
        assertEquals(id, next.spec().relations().resumeOf());
        long pid = f.agentPid(next.id());
        List<String> argv = f.processes.spec(pid).argv();
        assertEquals("2117fe14-353a-460e-8b4c-eab7a09dd684", argv.get(argv.indexOf("--resume") + 1));
        assertEquals(earlier.workspace().path(), f.processes.spec(pid).workdir());
        assertEquals(earlier.workspace().branch(), f.job(next.id()).workspace().branch());
    }

    @Test
    void aCliWithoutSessionsIsSentTheEarlierExchangeAgain() throws Exception {
        Job earlier = f.succeededWriting("a.txt", "a\n");
        Resuming.Resumed r = resume(earlier.id(), "now add a test");
        assertNull(r.sessionId());
        assertEquals(earlier.id(), r.resumes());
        assertEquals("Earlier in this conversation, you were asked:\n\nwrite a.txt\n\nYou answered:\n\nwrote a.txt"
                        + "\n\nNow:\n\nnow add a test",
                Files.readString(f.engine.store().files(r.started().job().id()).prompt()));
    }

    @Test
    void theResumedJobsWorkGoesOnTheSameBranch() throws Exception {
        Job earlier = f.succeededWriting("a.txt", "a\n");
        String next = resume(earlier.id(), "and b").started().job().id();
        f.agentPid(next);
        f.agentWrites(next, "b.txt", "b\n");
        Job end = f.agentExits(next, "wrote b\n", 0);
        assertEquals(earlier.workspace().branch(), end.workspace().branch());
        assertEquals("2", f.git("rev-list", "--count", "main.." + end.workspace().branch()).strip());
    }

    @Test
    void theFirstIdOfAChainContinuesItsLastJob() throws Exception {
        EngineFixture.Chain chain = f.fallenBack();
        f.agentExits(chain.next(), "wrote it\n", 0);
        Resuming.Resumed r = resume(chain.first(), "and more");
        assertEquals(chain.next(), r.resumes());
        assertEquals("other", r.started().job().spec().provider());
    }
}
