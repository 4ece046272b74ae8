package dev.bgagents.runners.kubernetes;

import dev.bgagents.jobs.JobStatus;
import dev.bgagents.process.ElsewhereEnd;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the cluster says of a job's pod, read as bg-agents' endings: the container's termination is its
 * exit status (out of memory read as such); a pod that can never run its agent ends the job with the reason
 * a person can act on — a Secret key missing at once, an image that cannot be pulled or a pod no node takes
 * after a grace (a cluster may be pulling slowly or scaling up), an eviction as lost, the Job's deadline as
 * timed out, a Job deleted behind the server's back as lost.
 *
 * @param exit    the container's exit status, when it ran and ended
 * @param end     why it ended when the exit status cannot say it, else null
 * @param started the container ran (its log is worth reading)
 */
record PodVerdict(boolean over, Integer exit, ElsewhereEnd end, boolean started) {
    static final PodVerdict WAITING = new PodVerdict(false, null, null, false);
    static final PodVerdict RUNNING = new PodVerdict(false, null, null, true);

    /**
     * How long a pod may stay unschedulable, and its image unpullable, before the job fails: both within the
     * default stall limit (10 min of no output), which would otherwise end it first with a vaguer reason.
     */
    record Graces(Duration unschedulable, Duration imagePull) {
        static final Graces DEFAULT = new Graces(Duration.ofMinutes(8), Duration.ofMinutes(2));
    }

    static PodVerdict of(Job job, Pod pod, String memoryLimit, Graces graces, Instant now) {
        Optional<ContainerStatus> agent = pod == null || pod.getStatus() == null
                || pod.getStatus().getContainerStatuses() == null ? Optional.empty()
                : pod.getStatus().getContainerStatuses().stream()
                .filter(c -> JobManifest.CONTAINER.equals(c.getName())).findFirst();
        ContainerStateTerminated done = agent.map(c -> c.getState() == null ? null : c.getState().getTerminated())
                .orElse(null);
        if (done != null) {
            int code = done.getExitCode() == null ? 1 : done.getExitCode();
            ElsewhereEnd oom = "OOMKilled".equals(done.getReason())
                    ? new ElsewhereEnd(JobStatus.FAILED, "out of memory: killed at its limit of " + memoryLimit
                    + " (exit " + code + "); raise runners.kubernetes.memory_limit or give it less to build")
                    : null;
            return new PodVerdict(true, code, oom, true);
        }
        Optional<String> deadline = condition(job, "Failed").filter(c -> "DeadlineExceeded".equals(c.getReason()))
                .map(c -> "hit the cluster's deadline of " + job.getSpec().getActiveDeadlineSeconds() + " s");
        if (deadline.isPresent()) {
            return ended(JobStatus.TIMED_OUT, deadline.get());
        }
        if (pod != null && pod.getStatus() != null) {
            var s = pod.getStatus();
            boolean disrupted = s.getConditions() != null && s.getConditions().stream()
                    .anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()));
            if ("Evicted".equals(s.getReason()) || disrupted) {
                return ended(JobStatus.LOST, "its pod was evicted: " + orElse(s.getMessage(), s.getReason(),
                        "the node needed its resources"));
            }
            ContainerStateWaiting waiting = agent.map(c -> c.getState() == null ? null : c.getState().getWaiting())
                    .orElse(null);
            Duration pending = Duration.between(created(pod, now), now);
            if (waiting != null && "CreateContainerConfigError".equals(waiting.getReason())) {
                return ended(JobStatus.FAILED, "its pod cannot start: " + orElse(waiting.getMessage(),
                        "a Secret or key it needs is missing", null) + " (runners.kubernetes.secrets)");
            }
            if (waiting != null && List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName")
                    .contains(waiting.getReason()) && pending.compareTo(graces.imagePull()) >= 0) {
                return ended(JobStatus.FAILED, "its image cannot be pulled (" + waiting.getReason() + "): "
                        + orElse(waiting.getMessage(), "check runners.kubernetes.image", null));
            }
            Optional<PodCondition> unschedulable = s.getConditions() == null ? Optional.empty()
                    : s.getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())
                    && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())).findFirst();
            if (unschedulable.isPresent() && pending.compareTo(graces.unschedulable()) >= 0) {
                return ended(JobStatus.FAILED, "no node could take its pod for " + pending.toMinutes() + " min: "
                        + orElse(unschedulable.get().getMessage(), "unschedulable", null));
            }
            if (agent.map(c -> c.getState() != null && c.getState().getRunning() != null).orElse(false)) {
                return RUNNING;
            }
        }
        if (job == null) {
            return ended(JobStatus.LOST, "its Job was deleted on the cluster before its agent ended");
        }
        if (pod == null && condition(job, "Failed").isPresent()) {
            JobCondition c = condition(job, "Failed").get();
            return ended(JobStatus.FAILED, "its Job failed: " + orElse(c.getMessage(), c.getReason(), "no pod"));
        }
        return WAITING;
    }

    private static PodVerdict ended(JobStatus status, String reason) {
        return new PodVerdict(true, null, new ElsewhereEnd(status, reason), false);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static Instant created(Pod pod, Instant now) {
        try {
            return Instant.parse(pod.getMetadata().getCreationTimestamp());
        } catch (RuntimeException none) {
            return now;
        }
    }

    private static String orElse(String a, String b, String c) {
        return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : c;
    }
}
