package dev.bgagents.runners.kubernetes;

import dev.bgagents.jobs.JobStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** Each way a pod can fail its agent, read as the job's status and a reason a person can act on. */
class PodVerdictTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final PodVerdict.Graces GRACES = PodVerdict.Graces.DEFAULT;
    private static final Job JOB = new JobBuilder().withNewMetadata().withName("bg-x").endMetadata()
            .withNewSpec().withActiveDeadlineSeconds(1920L).endSpec().build();

    private static PodBuilder pod(Duration age) {
        return new PodBuilder().withNewMetadata().withName("bg-x-1").withCreationTimestamp(NOW.minus(age).toString())
                .endMetadata();
    }

    private static Pod waiting(String reason, String message, Duration age) {
        return pod(age).withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                .withName("agent").withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
                .endState().build()).endStatus().build();
    }

    private static PodVerdict of(Job job, Pod pod) {
        return PodVerdict.of(job, pod, "4Gi", GRACES, NOW);
    }

    @Test
    void aMissingSecretKeyFailsAtOnce() {
        PodVerdict v = of(JOB, waiting("CreateContainerConfigError",
                "couldn't find key anthropic in Secret agents/bg-keys", Duration.ofSeconds(5)));
        assertEquals(JobStatus.FAILED, v.end().status());
        assertEquals("its pod cannot start: couldn't find key anthropic in Secret agents/bg-keys "
                + "(runners.kubernetes.secrets)", v.end().reason());
    }

    @Test
    void anImageThatCannotBePulledFailsAfterItsGrace() {
        assertFalse(of(JOB, waiting("ImagePullBackOff", "Back-off pulling image", Duration.ofSeconds(30))).over(),
                "a slow registry gets its two minutes");
        PodVerdict v = of(JOB, waiting("ErrImagePull", "manifest unknown", Duration.ofMinutes(3)));
        assertEquals(JobStatus.FAILED, v.end().status());
        assertEquals("its image cannot be pulled (ErrImagePull): manifest unknown", v.end().reason());
    }

    @Test
    void aPodNoNodeTakesFailsAfterEightMinutes() {
        Pod pod = pod(Duration.ofMinutes(11)).withNewStatus().withPhase("Pending").withConditions(
                new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient memory.").build()).endStatus().build();
        PodVerdict v = of(JOB, pod);
        assertEquals(JobStatus.FAILED, v.end().status());
        assertEquals("no node could take its pod for 11 min: 0/3 nodes are available: 3 Insufficient memory.",
                v.end().reason());
        Pod young = pod(Duration.ofMinutes(2)).withStatus(pod.getStatus()).build();
        assertFalse(of(JOB, young).over(), "an autoscaler may still be adding a node");
    }

    @Test
    void outOfMemoryIsSaidAsSuchWithItsLimit() {
        Pod pod = pod(Duration.ofMinutes(5)).withNewStatus().withPhase("Failed").withContainerStatuses(
                new ContainerStatusBuilder().withName("agent").withNewState().withNewTerminated().withExitCode(137)
                        .withReason("OOMKilled").endTerminated().endState().build()).endStatus().build();
        PodVerdict v = of(JOB, pod);
        assertEquals(137, v.exit());
        assertEquals(JobStatus.FAILED, v.end().status());
        assertTrue(v.end().reason().startsWith("out of memory: killed at its limit of 4Gi (exit 137)"), v.end().reason());
    }

    @Test
    void anEvictionIsLost() {
        Pod pod = pod(Duration.ofMinutes(5)).withNewStatus().withPhase("Failed").withReason("Evicted")
                .withMessage("The node was low on resource: ephemeral-storage.").endStatus().build();
        PodVerdict v = of(JOB, pod);
        assertEquals(JobStatus.LOST, v.end().status());
        assertEquals("its pod was evicted: The node was low on resource: ephemeral-storage.", v.end().reason());
        Pod disrupted = pod(Duration.ofMinutes(5)).withNewStatus().withPhase("Running").withConditions(
                new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                        .withReason("PreemptionByScheduler").build()).endStatus().build();
        assertEquals(JobStatus.LOST, of(JOB, disrupted).end().status());
    }

    @Test
    void theClustersDeadlineIsATimeOut() {
        Job past = new JobBuilder(JOB).withNewStatus().withConditions(new JobConditionBuilder().withType("Failed")
                .withStatus("True").withReason("DeadlineExceeded").build()).endStatus().build();
        PodVerdict v = of(past, null);
        assertEquals(JobStatus.TIMED_OUT, v.end().status());
        assertEquals("hit the cluster's deadline of 1920 s", v.end().reason());
    }

    @Test
    void aJobDeletedBehindTheServersBackIsLost() {
        assertEquals(JobStatus.LOST, of(null, null).end().status());
    }

    @Test
    void aRunningOrFinishedContainerIsNoFailure() {
        Pod running = pod(Duration.ofMinutes(1)).withNewStatus().withPhase("Running").withContainerStatuses(
                new ContainerStatusBuilder().withName("agent").withNewState().withNewRunning().endRunning().endState()
                        .build()).endStatus().build();
        assertEquals(PodVerdict.RUNNING, of(JOB, running));
        Pod done = pod(Duration.ofMinutes(1)).withNewStatus().withPhase("Failed").withContainerStatuses(
                new ContainerStatusBuilder().withName("agent").withNewState().withNewTerminated().withExitCode(3)
                        .endTerminated().endState().build()).endStatus().build();
        PodVerdict v = of(JOB, done);
        assertEquals(3, v.exit());
        assertNull(v.end(), "the agent's own failure: its exit status and output say why, as locally");
        assertEquals(PodVerdict.WAITING, of(JOB, null));
    }
}
