package dev.bgagents.process;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A pid is only the process we started if its start time matches: a reused pid is another process. */
@org.junit.jupiter.api.condition.EnabledOnOs(value = org.junit.jupiter.api.condition.OS.LINUX,
        disabledReason = "Linux only: /proc is the independent witness (and the Linux implementation is under test)")
class ProcessIdentityTest {

    @Test
    void aPidWithAnotherStartTimeIsNotTheProcessWeStarted() {
        long me = ProcessHandle.current().pid();
        for (ProcessList table : List.of(ProcFs.INSTANCE, PsTable.INSTANCE)) {
            long ticks = table.read(me).orElseThrow().startTicks();
            assertTrue(table.isAlive(me, ticks), table.getClass().getSimpleName());
            assertFalse(table.isAlive(me, ticks + 1), "the same pid, started later: a reused pid");
            assertFalse(table.isAlive(me, ticks - 1));
        }
        long ticks = ProcFs.INSTANCE.read(me).orElseThrow().startTicks();
        assertTrue(ProcessControl.linux().isAlive(me, ticks));
        long millis = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        assertTrue(ProcessControl.portable().isAlive(me, millis), "portable: the JDK's start time, in ms");
    }

    @Test
    void aPidNobodyHasIsNotAlive() {
        for (ProcessControl c : List.of(ProcessControl.linux(), ProcessControl.portable())) {
            assertFalse(c.isAlive(Integer.MAX_VALUE - 7, 1), c.name());
            assertEquals(KillOutcome.NOTHING, c.kill(1, 0, "claude-000000", java.time.Duration.ZERO),
                    "init is never signalled");
        }
    }
}
