package dev.bgagents.runtime;

import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Permissions;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.summary.Redactor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a job's check in its directory once the agent has ended: detached and tagged like the
 * agent (a cancel or a later server's kill finds it), bounded by the check's own time limit,
 * its output to {@code verify.log}, whose tail is all that is kept when it fails.
 *
 * <p>A check runs code the agent chose (a Makefile target, a test it wrote, a package script), so
 * it gets no more than the agent: no variable that holds a secret by its name, confined like the
 * agent — in a sandbox that lets it write its worktree and a private {@code /tmp} alone, with a
 * loopback of its own unless the config shares the network, and that kills whatever it left
 * running — and its tail is masked before it reaches the summary or a fix prompt.
 */
public final class Verifier {
    /** What of a failing check's output reaches the summary and the fix prompt. */
    static final int TAIL_LINES = 25;
    static final int TAIL_CHARS = 1500;

    /**
     * What confines checks on this server.
     *
     * @param network whether a confined check shares the machine's network ({@code verify_network})
     */
    public record Confining(Sandbox sandbox, boolean network) {
    }

    private final ProcessControl processes;
    private final Duration grace;
    private final Confining confining;

    Verifier(ProcessControl processes, Duration grace, Confining confining) {
        this.processes = processes;
        this.grace = grace;
        this.confining = confining;
    }

    /** How the check went; {@code interrupted} when the job was stopped (cancelled) while it ran. */
    record Result(Verification verification, boolean interrupted) {
    }

    Result check(RunningJob a, Job job, Map<String, String> env) {
        VerifySpec spec = job.spec().verify();
        JobDir files = a.files();
        Verification before = job.state().verification();
        long started = System.nanoTime();
        try {
            Files.deleteIfExists(files.verifyExit());
            Files.deleteIfExists(files.verifyLog());
        } catch (IOException e) {
            return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                    "cannot reset the check's files: " + e.getMessage(), 0), false);
        }
        Map<String, String> vars = new HashMap<>(env);
        vars.keySet().removeIf(Credentials::isSecretName);
        vars.put(ProcessControl.JOB_TAG, job.id());
        // a check nobody watches: test runners run once (no watch mode), npm says nothing of its own updates
        vars.putIfAbsent("CI", "true");
        vars.putIfAbsent("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        Redactor mask = masking(env);
        List<String> argv;
        try {
            argv = confined(job, files);
        } catch (IOException e) {
            return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                    "cannot make the check's private /tmp: " + e.getMessage(), 0), false);
        }
        ProcessControl.Launched l;
        try {
            l = processes.launch(new ProcessControl.LaunchSpec(argv, Path.of(job.spec().workdir()), null,
                    files.verifyLog(), files.verifyLog(), files.verifyExit(), vars,
                    Credentials.secretNames(System.getenv())));
        } catch (IOException | RuntimeException e) {
            return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                    "could not start `" + spec.shown() + "`: " + e.getMessage(), 0), false);
        }
        long deadline = started + Math.round(spec.timeoutMinutes() * 60e9);
        while (!Files.exists(files.verifyExit())) {
            if (a.interruption() != null || System.nanoTime() > deadline) {
                processes.kill(l.pid(), l.startTicks(), job.id(), grace);
                double secs = seconds(started);
                if (a.interruption() != null) {
                    return new Result(Verification.checked(before, Verification.NOT_RUN, null, null, secs), true);
                }
                return new Result(Verification.checked(before, Verification.TIMED_OUT, null,
                        mask.redact(tail(files.verifyLog())), secs), false);
            }
            waitBriefly(l);
            if (l.process() != null && !l.process().isAlive() && !Files.exists(files.verifyExit())) {
                sleep(200); // its exit record is renamed into place a moment after the leader ends
                if (!Files.exists(files.verifyExit())) {
                    return new Result(Verification.checked(before, Verification.NOT_RUN, null,
                            "`" + spec.shown() + "` ended without an exit status", seconds(started)), false);
                }
            }
        }
        // what the check left running (a dev server it started) is not left behind
        processes.kill(l.pid(), l.startTicks(), job.id(), grace);
        Integer exit = JobRunner.readExit(files.verifyExit());
        boolean passed = exit != null && exit == 0;
        String outcome = passed ? Verification.PASSED : exit != null && exit == 127 ? Verification.NOT_RUN
                : Verification.FAILED;
        clearTmp(files);
        return new Result(Verification.checked(before, outcome, exit, passed ? null : mask.redact(tail(files.verifyLog())),
                seconds(started)), false);
    }

    /**
     * The check's argument vector, in the sandbox unless the job runs with {@code full} rights
     * (then its check has them too) or nothing here can confine it. Writable: the worktree (or,
     * for a job run in place, its directory) and a private {@code /tmp}, emptied first.
     */
    private List<String> confined(Job job, JobDir files) throws IOException {
        List<String> argv = job.spec().verify().command();
        if (Permissions.FULL.wire().equals(job.spec().permissions()) || confining.sandbox().unavailable().isPresent()) {
            return argv;
        }
        Path tree = job.workspace() != null ? job.workspace().path() : Path.of(job.spec().workdir());
        clearTmp(files);
        Files.createDirectories(files.checkTmp());
        return confining.sandbox().wrap(argv, new Sandbox.Rules(Path.of(job.spec().workdir()), List.of(tree),
                files.checkTmp(), confining.network()));
    }

    private static void clearTmp(JobDir files) {
        try {
            if (Files.exists(files.checkTmp())) {
                StateFiles.deleteTree(files.checkTmp());
            }
        } catch (IOException e) {
            // scratch: the next check empties it again
        }
    }

    /** The secrets to mask: this server's, and those the config gives the job's agent. */
    private static Redactor masking(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(env);
        return new Redactor(all);
    }

    private static void waitBriefly(ProcessControl.Launched l) {
        try {
            if (l.process() != null) {
                l.process().waitFor(100, TimeUnit.MILLISECONDS);
            } else {
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the check's output, terminal controls removed, at most {@link #TAIL_CHARS}. */
    static String tail(Path log) {
        String text = StateFiles.tail(log, 64 * 1024).replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
                .replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
        List<String> lines = text.strip().lines().toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        String joined = String.join("\n", last);
        return joined.length() <= TAIL_CHARS ? joined : "…" + joined.substring(joined.length() - TAIL_CHARS + 1);
    }

    private static double seconds(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 1e8) / 10.0;
    }
}
