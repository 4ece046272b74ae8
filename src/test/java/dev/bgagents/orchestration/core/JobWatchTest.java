package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Summarizing.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What job_status and read_summary read: the jobs shown when none are named, a chain's one
 * summary, a section a page at a time, the files two running jobs both change.
 */
class JobWatchTest extends EngineTest {
    private Set<String> defaults() {
        return f.engine.watching().defaults().stream().map(Job::id).collect(Collectors.toSet());
    }

    private Summarizing.Summary read(String id) {
        return f.engine.summarizing().summary(f.engine.summarizing().job(id), 1500);
    }

    @Test
    void withNoIdsJobStatusShowsTheActiveJobsAndTheEndedOnesNobodyRead() throws Exception {
        String running = f.spawn(SpawnRequest.prompt("run"));
        f.agentPid(running);
        String queued = f.spawn(SpawnRequest.prompt("after").dependsOn(running));
        String unread = f.succeededWriting("a.txt", "a\n").id();
        String read = f.succeededWriting("b.txt", "b\n").id();
        read(read);
        assertEquals(Set.of(running, queued, unread), defaults());
    }

    @Test
    void readingARunningJobLeavesItShownAndReadingItsEndHidesIt() throws Exception {
        String id = f.spawn(SpawnRequest.prompt("run"));
        f.agentPid(id);
        read(id);
        f.agentExits(id, "done\n", 0);
        assertEquals(Set.of(id), defaults(), "its end is unread");
        f.engine.summarizing().markdown(f.job(id), 1500);
        assertEquals(Set.of(id), defaults(), "a resource reader marks nothing");
        assertTrue(read(id).markdown().contains("done"));
        assertEquals(Set.of(), defaults());
    }

    @Test
    void theFirstIdOfAChainReadsTheChainsOneSummary() throws Exception {
        EngineFixture.Chain chain = f.fallenBack();
        String first = chain.first();
        String kept = chain.next();
        f.agentExits(kept, "wrote it\n", 0);
        Summarizing.Summary s = read(first);
        assertEquals(kept, s.job().id());
        assertTrue(s.markdown().startsWith("Fallback: " + first + " (claude) failed: rate limited (HTTP 429)"),
                s.markdown());
        assertTrue(s.markdown().contains("→ " + kept + " (other) succeeded. Kept " + kept), s.markdown());
        assertEquals(Set.of(), defaults(), "every job of the chain read");
    }

    @Test
    void twoRunningJobsChangingTheSameFileOverlap() throws Exception {
        String one = f.spawn(SpawnRequest.prompt("one"));
        String two = f.spawn(SpawnRequest.prompt("two"));
        String three = f.spawn(SpawnRequest.prompt("three"));
        f.agentPid(one);
        f.agentPid(two);
        f.agentPid(three);
        f.agentWrites(one, "shared.txt", "one\n");
        f.agentWrites(two, "shared.txt", "two\n");
        f.agentWrites(three, "own.txt", "three\n");
        Map<String, String> overlaps = f.engine.watching().overlaps(f.engine.watching().all());
        assertEquals(Map.of(one, "overlaps " + two + " on shared.txt", two, "overlaps " + one + " on shared.txt"),
                overlaps);
    }

    /** The body of each page of {@code section}, read from the start {@code max} at a time, until there is no next. */
    private List<String> pages(Job job, Section section, int max) {
        List<String> bodies = new ArrayList<>();
        Long offset = 0L;
        while (offset != null) {
            Summarizing.Page p = f.engine.summarizing().page(job, section, offset, max);
            String text = p.text();
            String body = text.substring(text.indexOf('\n') + 1);
            int more = body.lastIndexOf("\n(more: section=");
            bodies.add(more < 0 ? body : body.substring(0, more));
            assertTrue(p.nextOffset() == null || p.nextOffset() > offset, "each page moves on");
            offset = p.nextOffset();
        }
        return bodies;
    }

    @Test
    void aPageSaysWhereItIsAndWhereTheNextStarts() throws Exception {
        Job job = f.agentExits(f.spawn(SpawnRequest.prompt("talk")), "0123456789".repeat(5) + "\n", 0);
        Summarizing.Page first = f.engine.summarizing().page(job, Section.FINAL, 0, 20);
        assertEquals("### final of " + job.id() + ": characters 0–20 of 50\n01234567890123456789\n"
                + "(more: section=final offset=20)", first.text());
        assertEquals(20L, first.nextOffset());
        Summarizing.Page last = f.engine.summarizing().page(job, Section.FINAL, 40, 20);
        assertEquals("### final of " + job.id() + ": characters 40–50 of 50\n0123456789", last.text());
        assertNull(last.nextOffset());
    }

    @Test
    void aLogNotWrittenYetSaysSo() throws Exception {
        String id = f.spawn(SpawnRequest.prompt("run"));
        f.agentPid(id);
        assertEquals("(no output yet)", f.engine.summarizing().page(f.job(id), Section.LOG, 0, 100).text());
    }

    /** Output read a page at a time comes back whole, never a character cut in two nor a secret shown in parts. */
    @ParameterizedTest(name = "{0}, {1} a page")
    @CsvSource({"final, 1", "final, 37", "final, 64", "log, 1", "log, 7", "log, 45", "log, 64"})
    void pagesTogetherAreTheWholeOutput(String section, int max) throws Exception {
        String out = "plain line\nnon-ASCII: é ü ñ 日本語 and 😀😀😀\n";
        Job job = f.agentExits(f.spawn(SpawnRequest.prompt("talk")), out, 0);
        List<String> bodies = pages(job, Section.valueOf(section.toUpperCase()), max);
        assertEquals(section.equals("log") ? out : out.strip(), String.join("", bodies));
        for (String b : bodies) {
            assertFalse(b.contains("\uFFFD"), "a character cut: " + b);
            assertTrue(b.isEmpty() || !Character.isHighSurrogate(b.charAt(b.length() - 1)), "a pair cut: " + b);
        }
    }

    @ParameterizedTest(name = "{0}, {1} a page")
    @CsvSource({"final, 16", "final, 40", "log, 1", "log, 16", "log, 40"})
    void aSecretIsMaskedWhereverAPageEnds(String section, int max) throws Exception {
        String key = "sk-" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";
        Job job = f.agentExits(f.spawn(SpawnRequest.prompt("talk")), "the key is " + key + " ok\n", 0);
        for (String b : pages(job, Section.valueOf(section.toUpperCase()), max)) {
            for (int i = 3; i + 6 <= key.length(); i++) {
                assertFalse(b.contains(key.substring(i, i + 6)), "part of the key shown: " + b);
            }
        }
    }
}
