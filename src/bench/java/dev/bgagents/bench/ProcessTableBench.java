package dev.bgagents.bench;

import dev.bgagents.process.ProcessesProbe;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two process controls side by side on this machine, printed, never asserted: what one
 * look at the process table costs (Linux's /proc against the JDK and ps, as macOS reads it),
 * telling whether a pid is still the process that was started, and cancelling a job of three
 * processes (launch to every one gone). Why Linux keeps /proc. Usage: bench/processes.sh [runs]
 */
public final class ProcessTableBench {
    private ProcessTableBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        BenchTable.print("process control, " + runs + " runs", figures(runs), null);
    }

    static List<Figure> figures(int runs) throws Exception {
        Map<String, double[]> by = new java.util.LinkedHashMap<>();
        for (String impl : List.of("linux", "portable")) {
            System.setProperty("bgagents.processes", impl);
            by.put(impl, ProcessesProbe.measure(Math.max(runs, 10), Files.createTempDirectory("bg-proc-bench-")));
        }
        System.clearProperty("bgagents.processes");
        double[] linux = by.get("linux");
        double[] portable = by.get("portable");
        String[] what = {"one look at the whole process table", "is this pid still the process we started",
            "launch a job and cancel it (3 processes, all gone)"};
        List<Figure> out = new ArrayList<>();
        for (int k = 0; k < what.length; k++) {
            out.add(Figure.of("processes", "portable (JDK + ps, as on macOS): " + what[k], portable[k], "ms")
                    .against("Linux /proc", linux[k]));
        }
        return out;
    }
}
