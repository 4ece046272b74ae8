package dev.bgagents.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts an agent detached from the server. A small shell leads the job: it runs the agent with
 * stdin from the prompt file or /dev/null and stdout/stderr appended to files, then records the
 * exit status atomically. On Linux {@code setsid} makes that shell the leader of a new session
 * and process group ({@link #inNewSession}); elsewhere bash's job control gives it a process
 * group of its own ({@link #inNewGroup}). Nothing ties the agent to the server's pipes, so it
 * outlives a server that is killed, and the whole group can be signalled at once.
 *
 * <p>commons-exec is not used here on purpose: it pumps the child's output through the
 * parent, which is exactly the coupling that kills agents when the server goes away.
 */
final class Launcher {
    /** $1 stdin file, $2 exit record, the rest the agent's argv. */
    static final String WRAPPER = "in=$1; ex=$2; shift 2; \"$@\" <\"$in\"; c=$?; "
            + "printf '%s\\n' \"$c\" >\"$ex.tmp\" && mv -f \"$ex.tmp\" \"$ex\"";

    /**
     * bash with job control ({@code set -m}) starts the wrapper as a background job, in a group
     * of its own, prints its pid and waits for it: the waiting shell reaps it (a system whose
     * init reaps nothing would keep it a zombie) and ends with it, and ignores the signals a
     * terminal sends the server's group. The job's tag is exported here, not given to this
     * shell, so a kill that searches for the tag finds the job and not the shell waiting on it.
     */
    static final String GROUP_STARTER = "set -m; w=$1 tag=$2 in=$3 ex=$4 out=$5 err=$6; shift 6\n"
            + "if [ -n \"$tag\" ]; then BG_AGENTS_JOB=$tag; export BG_AGENTS_JOB; fi\n"
            + "/bin/sh -c \"$w\" bg-agents-job \"$in\" \"$ex\" \"$@\" </dev/null >>\"$out\" 2>>\"$err\" &\n"
            + "pid=$!\ntrap '' INT HUP TERM QUIT\necho \"$pid\"\nwait \"$pid\"";

    private Launcher() {
    }

    static ProcessControl.Launched inNewSession(ProcessControl.LaunchSpec spec) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", WRAPPER, "bg-agents-job",
                stdin(spec), spec.exitRecord().toString()));
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
            ticks = ProcFs.INSTANCE.read(pid).map(ProcessList.Proc::startTicks).orElse(-1L);
            if (ticks < 0 && !process.isAlive()) {
                break;
            }
        }
        return new ProcessControl.Launched(pid, ticks, process);
    }

    /** The leader is the wrapper bash started; the handle is bash's, which ends when the job does. */
    static ProcessControl.Launched inNewGroup(ProcessControl.LaunchSpec spec, ProcessList table) throws IOException {
        Map<String, String> env = new HashMap<>(spec.env());
        String tag = env.remove(ProcessControl.JOB_TAG);
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", GROUP_STARTER, "bg-agents-launch", WRAPPER,
                tag == null ? "" : tag, stdin(spec), spec.exitRecord().toString(), spec.stdout().toString(),
                spec.stderr().toString()));
        cmd.addAll(spec.argv());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(spec.workdir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                // bash's own notes ("[1]+ Done") are not the agent's output
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        spec.unsetEnv().forEach(pb.environment()::remove);
        pb.environment().remove(ProcessControl.JOB_TAG);
        pb.environment().putAll(env);
        Process starter = pb.start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(starter.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        long pid;
        try {
            pid = Long.parseLong(line == null ? "" : line.strip());
        } catch (NumberFormatException e) {
            starter.destroyForcibly();
            throw new IOException("the job did not start: /bin/bash said " + (line == null ? "nothing" : line));
        }
        long start = table.read(pid).map(ProcessList.Proc::startTicks).orElse(-1L);
        return new ProcessControl.Launched(pid, start, starter);
    }

    /**
     * The command that starts {@code argv} detached from this process (a runner that outlives
     * the server): in a session of its own with setsid, else in a group of its own.
     */
    static List<String> detached(List<String> argv, boolean setsid) {
        List<String> cmd = new ArrayList<>();
        if (setsid) {
            cmd.add("setsid");
            cmd.addAll(argv);
        } else {
            cmd.addAll(List.of("/bin/bash", "-c", "set -m; \"$@\" & exit 0", "bg-agents-detach"));
            cmd.addAll(argv);
        }
        return cmd;
    }

    private static String stdin(ProcessControl.LaunchSpec spec) {
        return spec.stdin() != null ? spec.stdin().toString() : "/dev/null";
    }
}
