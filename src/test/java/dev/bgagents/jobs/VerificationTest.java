package dev.bgagents.jobs;

import dev.bgagents.project.StateFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A check's outcome on record: a verdict on the job's base kept beside it, records without one read as before. */
class VerificationTest {
    @Test
    void aRecordOfAnEarlierServerReadsWithoutAVerdictOnItsBase() throws Exception {
        Verification v = StateFiles.json().readValue("{\"outcome\": \"failed\", \"exit_code\": 1, \"tail\": \"boom\", "
                + "\"fixes\": 1, \"seconds\": 2.5, \"stdout_from\": 10, \"stderr_from\": 0}", Verification.class);
        assertEquals(Verification.FAILED, v.outcome());
        assertNull(v.base());
        assertFalse(v.failsOnBase());
    }

    @Test
    void aVerdictOnTheBaseIsKeptAndReadBackAndANewCheckForgetsIt() throws Exception {
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Verification v = Verification.checked(null, Verification.FAILED, 1, "boom", 1.0)
                .judged(new BaseVerdict(commit, Verification.FAILED, 1, null));
        String json = StateFiles.json().writeValueAsString(v);
        assertTrue(json.contains("\"base\" : {"), json);
        Verification back = StateFiles.json().readValue(json, Verification.class);
        assertEquals(v, back);
        assertTrue(back.failsOnBase());
        assertEquals("0123456", back.base().shortCommit());
        assertTrue(back.nextRound(0, 0, null).failsOnBase(), "a fix round's bookkeeping keeps it");
        assertNull(Verification.checked(back, Verification.FAILED, 1, "boom", 1.0).base(), "each check is judged anew");
        assertFalse(Verification.checked(null, Verification.TIMED_OUT, null, null, 1.0)
                .judged(new BaseVerdict(commit, Verification.FAILED, 1, null)).failsOnBase(), "only an exit counts");
    }
}
