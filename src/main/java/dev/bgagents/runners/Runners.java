package dev.bgagents.runners;

import dev.bgagents.config.RunnerSettings;
import dev.bgagents.process.KillOutcome;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.runners.kubernetes.KubernetesRunner;

import dev.bgagents.jobs.JobStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The runner seam: this machine's process control for everything, and a cluster for the agents of jobs
 * that ask for one. A job on a cluster has {@link ProcessControl#ELSEWHERE} for its pid, which is how the
 * calls that take a pid (is it alive, stop it) find their way to the cluster rather than the process table.
 */
public final class Runners implements ProcessControl, AutoCloseable {
    private final ProcessControl local;
    private final KubernetesRunner kubernetes;

    /** This machine's processes, and the cluster {@code settings} configure, if any, for the project's jobs. */
    public static Runners of(ProcessControl local, RunnerSettings settings, JobStore store, Path project) {
        return new Runners(local, settings.kubernetes() == null ? null
                : KubernetesRunner.of(store, settings.kubernetes(), project));
    }

    /** @param kubernetes null when no cluster is configured */
    public Runners(ProcessControl local, KubernetesRunner kubernetes) {
        this.local = local;
        this.kubernetes = kubernetes;
    }

    @Override
    public Launched launch(LaunchSpec spec) throws IOException {
        return local.launch(spec);
    }

    @Override
    public Launched launchElsewhere(String runner, LaunchSpec spec) throws IOException {
        if (RunnerSettings.KUBERNETES.equals(runner) && kubernetes != null) {
            return kubernetes.launch(spec);
        }
        return local.launchElsewhere(runner, spec);
    }

    @Override
    public boolean isAlive(long pid, long startTicks) {
        return local.isAlive(pid, startTicks);
    }

    @Override
    public boolean isAlive(String jobId, long pid, long startTicks) {
        if (pid == ELSEWHERE) {
            // with no cluster configured any more nothing can follow it: lost, rather than watched forever
            return kubernetes != null && kubernetes.isAlive(jobId);
        }
        return local.isAlive(jobId, pid, startTicks);
    }

    @Override
    public KillOutcome kill(long leader, long leaderStartTicks, String jobId, Duration grace) {
        if (leader == ELSEWHERE) {
            return kubernetes == null ? KillOutcome.NOTHING : kubernetes.stop(jobId);
        }
        return local.kill(leader, leaderStartTicks, jobId, grace);
    }

    @Override
    public Optional<Launched> find(String jobId) {
        Optional<Launched> here = local.find(jobId);
        return here.isPresent() || kubernetes == null ? here : kubernetes.find(jobId);
    }

    @Override
    public String name() {
        return local.name();
    }

    @Override
    public List<String> detached(List<String> argv) {
        return local.detached(argv);
    }

    @Override
    public List<String> tools() {
        return local.tools();
    }

    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
    }
}
