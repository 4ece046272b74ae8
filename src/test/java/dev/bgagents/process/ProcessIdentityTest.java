package dev.bgagents.process;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A pid is only the process we started if its start time matches: a reused pid is another process. */
class ProcessIdentityTest {

    @Test
    void aPidWithAnotherStartTimeIsNotTheProcessWeStarted() {
        long me = ProcessHandle.current().pid();
        long ticks = ProcessTable.read(me).orElseThrow().startTicks();
        ProcessControl linux = ProcessControl.linux();
        assertTrue(linux.isAlive(me, ticks));
        assertFalse(linux.isAlive(me, ticks + 1), "the same pid, started later: a reused pid");
        assertFalse(linux.isAlive(me, ticks - 1));
    }

    @Test
    void aPidNobodyHasIsNotAlive() {
        assertFalse(ProcessControl.linux().isAlive(Integer.MAX_VALUE - 7, 1));
        assertEquals(KillOutcome.NOTHING, ProcessControl.linux().kill(1, 0, "claude-000000", java.time.Duration.ZERO),
                "init is never signalled");
    }
}
