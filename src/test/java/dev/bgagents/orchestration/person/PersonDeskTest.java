package dev.bgagents.orchestration.person;

import dev.bgagents.Await;
import dev.bgagents.agents.Permissions;
import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.channel.RelayInfo;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Resuming.Word;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** A person's word to a running job, as every answerer passes it: through the job's channel, same job id. */
class PersonDeskTest {
    @TempDir
    Path dir;
    private EngineFixture f;
    private Resuming desk;
    private String job;
    private ChannelDir channel;
    private final List<String> waited = new CopyOnWriteArrayList<>();

    @BeforeEach
    void aRunningJob() throws Exception {
        f = new EngineFixture(dir, "");
        f.engine.onJobWaiting((j, r) -> waited.add(j.id() + " " + r.id()));
        desk = f.engine.resuming();
        job = f.spawn(SpawnRequest.prompt("clean up").inPlace());
        Await.until("running", Duration.ofSeconds(10), () -> f.job(job).status() == JobStatus.RUNNING);
        channel = ChannelDir.of(f.engine.store().files(job).dir());
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void ask(String id) throws Exception {
        Instant now = Instant.now();
        channel.ask(new PersonRequest(id, "Bash", "rm -rf " + id, now, now.plusSeconds(300)));
    }

    private String refusal(Word w) {
        return assertThrows(Refusal.class, () -> desk.tell(w)).getMessage();
    }

    @Test
    void anAnswerGoesToTheOldestRequestOrTheOneNamedAndOnlyOnce() throws Exception {
        ask("r1");
        ask("r2");
        Await.until("waiting", Duration.ofSeconds(10), () -> f.job(job).status() == JobStatus.WAITING);
        Await.until("told", Duration.ofSeconds(10), () -> waited.size() == 2);
        assertEquals(List.of(job + " r1", job + " r2"), waited, "each request told once (the notifier is one listener)");

        Resuming.Told t = desk.tell(new Word(job, "deny", "r2", "not that one", false, "host"));
        assertEquals("Denied Bash: rm -rf r2 (request r2) for " + job + ": the relay passes it to the agent now, with your "
                + "message; 1 more request(s) wait.", t.said());
        assertEquals(JobStatus.WAITING, t.job().status());
        t = desk.tell(new Word(job, "allow", null, null, false, "host"));
        assertTrue(t.said().startsWith("Allowed Bash: rm -rf r1 (request r1)"), t.said());
        assertEquals(JobStatus.RUNNING, t.job().status(), "no question left: running again at once");
        assertEquals(new Answer("r2", Answer.Decision.DENY, "not that one", "host", null).decision(),
                channel.answerOf("r2").orElseThrow().decision());
        assertEquals("host", channel.answerOf("r1").orElseThrow().by());
        assertTrue(refusal(new Word(job, "allow", "r1", null, false, "dashboard")).startsWith(job
                + " is not waiting for an answer (it is running); only a job spawned with permissions \"ask\" asks"));
        Thread.sleep(400);
        assertEquals(2, waited.size());
    }

    @Test
    void badWordsAreRefusedAndChangeNothing() throws Exception {
        ask("r1");
        assertTrue(refusal(new Word(job, "allow", "r7", null, false, "host"))
                .startsWith("request \"r7\" is not pending on " + job + ": pending r1"));
        assertTrue(refusal(new Word(job, "allow", null, null, true, "host")).startsWith("pass answer or interrupt, not both"));
        assertTrue(refusal(new Word(job, "maybe", null, null, false, "host")).startsWith("answer is allow or deny"));
        assertTrue(refusal(new Word(job, null, null, "  ", false, "host")).startsWith("prompt is empty"));
        assertTrue(refusal(new Word("claude-ffffff", null, null, "hi", false, "host")).contains("claude-ffffff"));
        assertEquals(1, channel.pending().size());
        assertTrue(channel.waiting().isEmpty());
    }

    @Test
    void aMessageOrAnInterruptGoesToTheInboxSayingHowItWillArrive() throws Exception {
        Resuming.Told t = desk.tell(new Word(job, null, null, "also update the changelog", false, "host"));
        assertEquals(job, t.job().id());
        assertEquals("at its next turn boundary by interrupting and resuming it in its session", t.delivery());
        channel.writeRelay(new RelayInfo(1, "claude", true, true, true));
        t = desk.tell(new Word(job, null, null, null, true, "host"));
        assertEquals("its relay stops the current turn now, keeping the work and the session", t.delivery());
        t = desk.tell(new Word(job, null, null, "now the docs", false, "dashboard"));
        assertEquals("its relay gives it to the agent live, at its next turn boundary", t.delivery());
        assertEquals(List.of(InboxMessage.Kind.MESSAGE, InboxMessage.Kind.INTERRUPT, InboxMessage.Kind.MESSAGE),
                channel.waiting().stream().map(InboxMessage::kind).toList());
        assertEquals("also update the changelog", channel.waiting().get(0).text());
    }

    @Test
    void anEndedJobIsResumedNotToldAndHasNothingToInterrupt() throws Exception {
        Job ended = f.agentExits(job, "done\n", 0);
        assertTrue(ended.status().isTerminal());
        assertNull(desk.tell(new Word(job, null, null, "more", false, "host")), "a follow-up: a resume");
        assertTrue(refusal(new Word(job, null, null, null, true, "host")).startsWith(job + " is succeeded: nothing to interrupt"));
        assertTrue(refusal(new Word(job, "allow", null, null, false, "host")).contains("no question to answer"));
    }

    @Test
    void askIsRefusedForACliThatCannotAskNamingThoseThatCan() {
        String why = assertThrows(Refusal.class, () -> f.spawn(SpawnRequest.prompt("x").permissions(Permissions.ASK)))
                .getMessage();
        // claude asks through its relay (dev.bgagents.relay)
        assertEquals("permissions ask needs a CLI that can ask a person, and agent cannot: use claude, or workspace-write",
                why);
    }
}
