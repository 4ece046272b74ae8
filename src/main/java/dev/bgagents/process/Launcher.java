package dev.bgagents.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts an agent detached from the server. {@code setsid} makes a small shell the leader of a
 * new session and process group; the shell runs the agent with stdin from the prompt file or
 * /dev/null and stdout/stderr appended to files, then records the exit status atomically.
 * Nothing ties the agent to the server's pipes, so it outlives a server that is killed, and
 * the whole group can be signalled at once.
 *
 * <p>commons-exec is not used here on purpose: it pumps the child's output through the
 * parent, which is exactly the coupling that kills agents when the server goes away.
 */
final class Launcher {
    /** $1 stdin file, $2 exit record, the rest the agent's argv. */
    static final String WRAPPER = "in=$1; ex=$2; shift 2; \"$@\" <\"$in\"; c=$?; "
            + "printf '%s\\n' \"$c\" >\"$ex.tmp\" && mv -f \"$ex.tmp\" \"$ex\"";

    private Launcher() {
    }

    static ProcessControl.Launched launch(ProcessControl.LaunchSpec spec) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", WRAPPER, "bg-agents-job",
                spec.stdin() != null ? spec.stdin().toString() : "/dev/null", spec.exitRecord().toString()));
        cmd.addAll(spec.argv());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(spec.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.stdout().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(spec.stderr().toFile()));
        spec.unsetEnv().forEach(pb.environment()::remove);
        pb.environment().putAll(spec.env());
        Process process = pb.start();
        long pid = process.pid();
        long ticks = -1;
        // the start time is what tells this process from a later one with the same pid
        for (int i = 0; i < 50 && ticks < 0; i++) {
            ticks = ProcessTable.read(pid).map(ProcessTable.Proc::startTicks).orElse(-1L);
            if (ticks < 0 && !process.isAlive()) {
                break;
            }
        }
        return new ProcessControl.Launched(pid, ticks, process);
    }
}
