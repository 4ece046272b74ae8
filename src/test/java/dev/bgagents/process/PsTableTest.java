package dev.bgagents.process;

import dev.bgagents.Await;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The portable table (JDK and ps) read against /proc, the Linux kernel's own account: the same
 * processes, parents and groups; zombies dead in both; the job's tag found in both. This is
 * where the code macOS runs is checked on Linux.
 */
@org.junit.jupiter.api.condition.EnabledOnOs(value = org.junit.jupiter.api.condition.OS.LINUX,
        disabledReason = "Linux only: /proc is the independent witness (and the Linux implementation is under test)")
class PsTableTest {

    @Test
    void psAndProcAgreeOnParentsAndGroupsOfTheProcessesBothSee() throws Exception {
        Process child = new ProcessBuilder("sleep", "5").start();
        try {
            Map<Long, ProcessList.Proc> proc = ProcFs.INSTANCE.all().stream()
                    .collect(Collectors.toMap(ProcessList.Proc::pid, Function.identity()));
            List<ProcessList.Proc> ps = PsTable.INSTANCE.all();
            assertTrue(ps.stream().anyMatch(p -> p.pid() == child.pid() && p.ppid() == ProcessHandle.current().pid()));
            int compared = 0;
            for (ProcessList.Proc p : ps) {
                ProcessList.Proc k = proc.get(p.pid());
                if (k != null) {
                    assertEquals(k.ppid(), p.ppid(), "parent of " + p.pid());
                    assertEquals(k.pgrp(), p.pgrp(), "group of " + p.pid());
                    compared++;
                }
            }
            assertTrue(compared > 3, "compared " + compared);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    void aZombieIsDeadThoughTheJdkCallsItAlive() throws Exception {
        // sh forks a short sleep, then becomes a long one that never reaps it
        Process p = new ProcessBuilder("sh", "-c", "sleep 0.1 & echo $!; exec sleep 5").start();
        try {
            long zombie = Long.parseLong(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine().strip());
            Await.until("the short sleep is a zombie", Duration.ofSeconds(5),
                    () -> ProcFs.INSTANCE.read(zombie).map(z -> z.state() == 'Z').orElse(false));
            assertTrue(ProcessHandle.of(zombie).map(ProcessHandle::isAlive).orElse(false), "the JDK's view");
            ProcessList.Proc seen = PsTable.INSTANCE.read(zombie).orElseThrow();
            assertFalse(PsTable.INSTANCE.isAlive(zombie, seen.startTicks()));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void theJobsTagIsFoundInTheEnvironmentByBoth() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sleep", "5");
        pb.environment().put(ProcessControl.JOB_TAG, "claude-5ab1e7");
        Process tagged = pb.start();
        Process other = new ProcessBuilder("sleep", "5").start();
        try {
            List<Long> among = List.of(tagged.pid(), other.pid());
            String entry = ProcessControl.JOB_TAG + "=claude-5ab1e7";
            assertEquals(java.util.Set.of(tagged.pid()), ProcFs.INSTANCE.carrying(entry, among));
            assertEquals(java.util.Set.of(tagged.pid()), PsTable.INSTANCE.carrying(entry, among));
            assertEquals(java.util.Set.of(), PsTable.INSTANCE.carrying(entry + "0", among), "a longer id is another job");
        } finally {
            tagged.destroyForcibly().waitFor();
            other.destroyForcibly().waitFor();
        }
    }
}
