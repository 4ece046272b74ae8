package dev.bgagents.runners.kubernetes;

import dev.bgagents.config.KubernetesSettings;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Remotes;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.KillOutcome;
import dev.bgagents.process.ProcessControl;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a job's agent as a Kubernetes Job: pushes the job's branch at its base to the remote, creates the
 * Job ({@link JobManifest}), follows its pod ({@link PodFollow}) until the files say how it ended; stops
 * one by deleting its Job and then its pods by label (a cluster's garbage collector would get to the pods
 * too, later); finds one again by its label after a restart. The client is made on first use, so a
 * server whose cluster is away starts and runs local jobs as ever.
 */
public final class KubernetesRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRunner.class);

    private final JobStore store;
    private final KubernetesSettings settings;
    private final String project;
    private final Supplier<KubernetesClient> connect;
    private final PodVerdict.Graces graces;
    private final Map<String, PodFollow> follows = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private volatile KubernetesClient client;
    private final boolean ownsClient;

    /** For the server: the cluster of the configured context (or its own, in a pod), followed every second. */
    public static KubernetesRunner of(JobStore store, KubernetesSettings settings, Path project) {
        return new KubernetesRunner(store, settings, project, () -> new KubernetesClientBuilder()
                .withConfig(settings.inCluster() ? Config.autoConfigure(null) : Config.autoConfigure(settings.context()))
                .build(), Duration.ofSeconds(1), PodVerdict.Graces.DEFAULT, true);
    }

    /** For tests: a given client (a mock API server's), followed every {@code every}. */
    static KubernetesRunner withClient(JobStore store, KubernetesSettings settings, Path project,
                                       KubernetesClient client, Duration every, PodVerdict.Graces graces) {
        return new KubernetesRunner(store, settings, project, () -> client, every, graces, false);
    }

    private KubernetesRunner(JobStore store, KubernetesSettings settings, Path project,
                             Supplier<KubernetesClient> connect, Duration every, PodVerdict.Graces graces,
                             boolean ownsClient) {
        this.ownsClient = ownsClient;
        this.store = store;
        this.settings = settings;
        this.project = project.getFileName() + "-" + Integer.toHexString(project.toAbsolutePath().toString().hashCode());
        this.connect = connect;
        this.graces = graces;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bg-kubernetes");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::pass, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private KubernetesClient client() {
        if (client == null) {
            synchronized (this) {
                if (client == null) {
                    client = connect.get();
                }
            }
        }
        return client;
    }

    /** Starts the job's agent on the cluster; its pid on record is {@link ProcessControl#ELSEWHERE}. */
    public ProcessControl.Launched launch(ProcessControl.LaunchSpec spec) throws IOException {
        String id = spec.env().get(ProcessControl.JOB_TAG);
        Job job = store.get(id).orElseThrow(() -> new IOException("no job " + id));
        if (job.workspace() == null) {
            throw new IOException("a job on kubernetes needs a worktree: its branch is what travels");
        }
        Path worktree = job.workspace().path();
        String subdir = worktree.relativize(spec.workdir()).toString();
        try {
            Remotes.pushFrom(job.workspace().repo(), settings.remote(), job.workspace().branch());
        } catch (GitException e) {
            throw new IOException("cannot push " + job.workspace().branch() + " to runners.kubernetes.remote: "
                    + e.getMessage());
        }
        String stdin = spec.stdin() == null ? null : Files.readString(spec.stdin());
        var manifest = JobManifest.build(settings, new JobManifest.Request(id, project, job.spec().provider(),
                spec.argv(), spec.env(), stdin, job.workspace().branch(), subdir, job.spec().limits().timeoutMinutes()));
        try {
            client().batch().v1().jobs().inNamespace(settings.namespace()).resource(manifest).create();
        } catch (KubernetesClientException e) {
            throw new IOException("the cluster refused its Job: " + firstLine(e));
        }
        follow(id);
        return new ProcessControl.Launched(ProcessControl.ELSEWHERE, 0, null);
    }

    /** Whether the job's pod may still run; a job this server has not followed yet (after a restart) is from now. */
    public boolean isAlive(String jobId) {
        PodFollow f = follow(jobId);
        return f != null && !f.over();
    }

    /** The job's Job, when it exists: for a job a server was starting when it died. */
    public Optional<ProcessControl.Launched> find(String jobId) {
        if (store.get(jobId).map(j -> j.spec().runner() == null).orElse(true)) {
            return Optional.empty(); // a local job's: the cluster is not asked
        }
        try {
            boolean there = client().batch().v1().jobs().inNamespace(settings.namespace())
                    .withName(JobManifest.name(jobId)).get() != null;
            return there ? Optional.of(new ProcessControl.Launched(ProcessControl.ELSEWHERE, 0, null)) : Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warn("job {}: cannot look for its Job: {}", jobId, firstLine(e));
            return Optional.empty();
        }
    }

    /**
     * Deletes the job's Job, then its pods by label (no cluster's collector is waited for); what it stopped is
     * the pods that had not ended.
     */
    public KillOutcome stop(String jobId) {
        PodFollow following = follows.remove(jobId);
        if (following != null) {
            following.stop();
        }
        String label = JobManifest.labelValue(jobId);
        try {
            var pods = client().pods().inNamespace(settings.namespace()).withLabel(JobManifest.JOB_LABEL, label);
            long running = pods.list().getItems().stream().filter(KubernetesRunner::notEnded).count();
            client().batch().v1().jobs().inNamespace(settings.namespace()).withLabel(JobManifest.JOB_LABEL, label)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            pods.delete();
            return running == 0 ? KillOutcome.NOTHING : new KillOutcome((int) running, 0, List.of());
        } catch (KubernetesClientException e) {
            LOG.error("job {}: cannot delete its Job; delete it by hand: kubectl delete job,pod -n {} -l {}={}: {}",
                    jobId, settings.namespace(), JobManifest.JOB_LABEL, label, firstLine(e));
            return KillOutcome.NOTHING;
        }
    }

    private PodFollow follow(String jobId) {
        return follows.computeIfAbsent(jobId, id -> {
            Job job = store.get(id).orElse(null);
            if (job == null || job.workspace() == null) {
                return null;
            }
            try {
                return new PodFollow(new PodFollow.Home(id, store.files(id), job.workspace().path(),
                        job.workspace().branch()), client(), new PodFollow.Cluster(settings.namespace(),
                        settings.remote(), settings.memoryLimit(), graces));
            } catch (IOException | KubernetesClientException e) {
                LOG.warn("job {}: cannot follow it: {}", id, e.getMessage());
                return null;
            }
        });
    }

    private void pass() {
        for (PodFollow f : follows.values()) {
            try {
                f.pass();
            } catch (RuntimeException e) {
                LOG.error("following a pod failed", e);
            }
        }
    }

    private static boolean notEnded(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (client != null && ownsClient) {
            client.close();
        }
    }
}
