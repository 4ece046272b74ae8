package dev.bgagents.runtime;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Invocation;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.process.RunningJob;
import dev.bgagents.project.JobDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What follows an agent that ended well when its job has a check: the check runs; a pass is a
 * success; a failure with fix attempts left sends the failure's tail to the agent's own session
 * as a new round of the same job (same id, directory, branch and start); otherwise the job fails
 * saying how the check went. The host sees one job throughout.
 */
final class FixRounds {
    private static final Logger LOG = LoggerFactory.getLogger(FixRounds.class);

    /** The job's end after its check, or {@code continued}: a fix round runs and the job goes on. */
    record After(JobStatus status, String reason, boolean continued) {
        static final After CONTINUED = new After(JobStatus.RUNNING, null, true);
    }

    private final JobStore store;
    private final AgentAdapters agents;
    private final ProcessControl processes;
    private final Verifier verifier;

    FixRounds(JobStore store, AgentAdapters agents, ProcessControl processes, Verifier verifier) {
        this.store = store;
        this.agents = agents;
        this.processes = processes;
        this.verifier = verifier;
    }

    /** Checks the work; on a fixable failure starts the next round and hands it to {@code attach}. */
    After check(RunningJob a, AgentReport report, java.util.function.BiConsumer<Job, Process> attach) {
        Job job = store.get(a.id()).orElseThrow();
        VerifySpec spec = job.spec().verify();
        store.updateState(job.id(), s -> s.activity(report.sessionId(), "checking: " + spec.shown()));
        Map<String, String> env = new HashMap<>(agents.configEnv(job.spec().provider()));
        PortBlocks.keep(store, job, env);
        Verifier.Result r = verifier.check(a, store.get(job.id()).orElseThrow(), env);
        Verification v = r.verification();
        // one write: the check's outcome, and on a pass the line that says so
        String doing = v.passed() ? "verified: " + spec.shown() + " passed" : null;
        store.updateState(job.id(), s -> s.checked(v).activity(null, doing));
        if (r.interrupted() || a.interruption() != null) {
            var how = a.interruption();
            return new After(how.status(), how.reason() + " while its check ran", false);
        }
        if (v.passed()) {
            return new After(JobStatus.SUCCEEDED, null, false);
        }
        boolean fixable = !Verification.NOT_RUN.equals(v.outcome());
        if (fixable && v.fixes() < spec.fixAttempts()) {
            try {
                nextRound(store.get(job.id()).orElseThrow(), report, v, attach);
                return After.CONTINUED;
            } catch (IOException | RuntimeException e) {
                LOG.warn("job {}: fix round not started: {}", job.id(), e.toString());
                return new After(JobStatus.FAILED, failure(spec, v) + "; the fix round could not start: "
                        + e.getMessage(), false);
            }
        }
        return new After(JobStatus.FAILED, failure(spec, v), false);
    }

    private void nextRound(Job job, AgentReport report, Verification v,
                           java.util.function.BiConsumer<Job, Process> attach) throws IOException {
        JobDir files = store.files(job.id());
        int round = v.fixes() + 1;
        String prompt = FixPrompt.render(job.spec().verify(), v, round);
        Invocation inv = agents.fixRound(job, report.sessionId(), prompt);
        Path promptFile = files.fixPrompt(round);
        Files.writeString(promptFile, prompt, StandardCharsets.UTF_8);
        Verification next = v.nextRound(size(files.stdout()), size(files.stderr()), report.usage());
        // the round is on record before the old exit record goes; a server that dies in the few
        // milliseconds before the new pid is recorded leaves a job that reads as lost (its work is committed)
        store.updateState(job.id(), s -> s.checked(next));
        Files.deleteIfExists(files.exit());
        Map<String, String> env = new HashMap<>(inv.env());
        env.putAll(agents.configEnv(job.spec().provider()));
        env.put(ProcessControl.JOB_TAG, job.id());
        PortBlocks.keep(store, job, env);
        ProcessControl.Launched l = processes.launch(new ProcessControl.LaunchSpec(inv.argv(),
                Path.of(job.spec().workdir()), inv.promptOnStdin() ? promptFile : null, files.stdout(),
                files.stderr(), files.exit(), env, inv.unsetEnv()));
        String doing = "fix " + round + "/" + job.spec().verify().fixAttempts() + ": "
                + job.spec().verify().shown() + " " + (Verification.TIMED_OUT.equals(v.outcome()) ? "timed out"
                : "exited " + v.exitCode());
        Job running = store.updateState(job.id(), s -> s.fixing(l.pid(), l.startTicks(), next, doing));
        LOG.info("job {}: {}", job.id(), doing);
        attach.accept(running, l.process());
    }

    /** The job's reason when its check did not pass. */
    static String failure(VerifySpec spec, Verification v) {
        String after = v.fixes() == 0 ? "" : " after " + v.fixes() + (v.fixes() == 1 ? " fix attempt" : " fix attempts");
        return switch (v.outcome()) {
            case Verification.TIMED_OUT -> "verification timed out (" + minutes(spec.timeoutMinutes()) + "): `"
                    + spec.shown() + "`" + after;
            case Verification.NOT_RUN -> "verification could not run: `" + spec.shown() + "`"
                    + (v.exitCode() != null ? " exited " + v.exitCode() + " (command not found)"
                    : v.tail() != null ? ": " + v.tail() : "");
            default -> "verification failed: `" + spec.shown() + "` exited " + v.exitCode() + after;
        };
    }

    private static String minutes(double m) {
        return m == Math.rint(m) ? (long) m + " min" : m + " min";
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
