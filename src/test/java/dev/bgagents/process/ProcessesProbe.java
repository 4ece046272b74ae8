package dev.bgagents.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Times the process control the system property chooses (for bench/processes.sh, which lives
 * outside this package): a table snapshot, an identity check, a launch-and-kill of a small job.
 */
public final class ProcessesProbe {
    private ProcessesProbe() {
    }

    /** Medians in ms: {snapshot, identity check, launch + kill}. */
    public static double[] measure(int runs, Path dir) throws Exception {
        ProcessControl c = ProcessControl.forThisSystem();
        ProcessList table = c.name().equals("linux") ? ProcFs.INSTANCE : PsTable.INSTANCE;
        long me = ProcessHandle.current().pid();
        long myStart = table.read(me).orElseThrow().startTicks();
        List<Double> snapshot = new ArrayList<>();
        List<Double> identity = new ArrayList<>();
        List<Double> cancel = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            table.all();
            snapshot.add((System.nanoTime() - t0) / 1e6);
            long t1 = System.nanoTime();
            if (!c.isAlive(me, myStart)) {
                throw new IllegalStateException("this process is not alive to " + c.name());
            }
            identity.add((System.nanoTime() - t1) / 1e6);
        }
        for (int i = 0; i < Math.min(runs, 10); i++) {
            String id = "claude-b" + String.format("%05x", i);
            long t2 = System.nanoTime();
            ProcessControl.Launched l = c.launch(new ProcessControl.LaunchSpec(List.of("sh", "-c",
                    "sleep 60 & sleep 60 & wait"), dir, null, dir.resolve("out"), dir.resolve("err"),
                    dir.resolve("exit-" + i), Map.of(ProcessControl.JOB_TAG, id), List.of()));
            Thread.sleep(100); // the job's children started
            KillOutcome k = c.kill(l.pid(), l.startTicks(), id, Duration.ofSeconds(5));
            if (!k.survivors().isEmpty()) {
                throw new IllegalStateException(c.name() + " left " + k.survivors());
            }
            cancel.add((System.nanoTime() - t2) / 1e6 - 100);
        }
        return new double[] {median(snapshot), median(identity), median(cancel)};
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
