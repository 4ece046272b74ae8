package dev.bgagents.runners.kubernetes;

import dev.bgagents.git.GitException;
import dev.bgagents.git.Remotes;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.process.ElsewhereEnd;
import dev.bgagents.project.JobDir;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;

/**
 * One remote job followed from this server, a pass at a time: its pod's log into the job's stdout and
 * stderr files, and once the pod is done, its pushed branch fast-forwarded into the job's worktree, why
 * it ended ({@code runner.end}) and its exit record — in that order, so that whoever sees the exit record
 * finds everything else in place. The files stay the one truth: parsers, watchdog and summaries read them
 * as they read a local agent's. Nothing is kept that a restarted server could not rebuild.
 */
final class PodFollow {
    private static final Logger LOG = LoggerFactory.getLogger(PodFollow.class);

    /** Where the job's work comes back to. */
    record Home(String jobId, JobDir files, Path worktree, String branch) {
    }

    private final Home home;
    private final KubernetesClient client;
    private final Cluster cluster;
    private final PodLog log;
    private volatile boolean over;
    private String lastProblem;

    /** What a follow needs of the runner's settings. */
    record Cluster(String namespace, String remote, String memoryLimit, PodVerdict.Graces graces) {
    }

    PodFollow(Home home, KubernetesClient client, Cluster cluster) throws IOException {
        this.home = home;
        this.client = client;
        this.cluster = cluster;
        this.log = new PodLog(home.files().stdout(), home.files().stderr());
    }

    boolean over() {
        return over;
    }

    /** Its job is being stopped (its Job deleted): nothing more is written for it. */
    void stop() {
        over = true;
    }

    /** One look at the cluster; only ever on the runner's one thread. */
    void pass() {
        if (over) {
            return;
        }
        try {
            String label = JobManifest.labelValue(home.jobId());
            Job job = client.batch().v1().jobs().inNamespace(cluster.namespace())
                    .withName(JobManifest.name(home.jobId())).get();
            Pod pod = client.pods().inNamespace(cluster.namespace()).withLabel(JobManifest.JOB_LABEL, label).list()
                    .getItems().stream()
                    .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                    .orElse(null);
            PodVerdict v = PodVerdict.of(job, pod, cluster.memoryLimit(), cluster.graces(), Instant.now());
            if (v.started() && pod != null) {
                String text = client.pods().inNamespace(cluster.namespace()).withName(pod.getMetadata().getName())
                        .inContainer(JobManifest.CONTAINER).getLog();
                log.take(text == null ? "" : text, v.over());
            }
            if (v.over()) {
                end(v);
            }
            lastProblem = null;
        } catch (KubernetesClientException | IOException e) {
            // the API may be away a while (a control-plane upgrade): the job's own limits still bound it
            String problem = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if (!problem.equals(lastProblem)) {
                LOG.warn("job {}: cannot follow its pod: {}", home.jobId(), problem);
                lastProblem = problem;
            }
        }
    }

    private void end(PodVerdict v) throws IOException {
        ElsewhereEnd end = v.end();
        if (v.exit() != null) {
            try {
                Remotes.fastForward(home.worktree(), cluster.remote(), home.branch());
            } catch (GitException e) {
                if (end == null) {
                    end = new ElsewhereEnd(JobStatus.FAILED, "its agent ended (exit " + v.exit()
                            + ") but its branch could not be brought back: " + e.getMessage());
                }
            }
        }
        if (end != null) {
            end.write(home.files().runnerEnd());
        }
        if (v.exit() != null) {
            Path exit = home.files().exit();
            Path tmp = exit.resolveSibling(exit.getFileName() + ".tmp");
            Files.writeString(tmp, v.exit() + "\n");
            Files.move(tmp, exit, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.info("job {}: its pod ended{}", home.jobId(), end == null ? " with exit " + v.exit() : ": " + end.reason());
        over = true;
    }
}
