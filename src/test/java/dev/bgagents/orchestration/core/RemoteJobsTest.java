package dev.bgagents.orchestration.core;

import dev.bgagents.config.KubernetesSettings;
import dev.bgagents.config.RunnerSettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Which jobs may run on a cluster in this first version; every refusal one line. */
class RemoteJobsTest {
    private static final KubernetesSettings K8S = new KubernetesSettings(null, false, "ns", "img", null,
            "git://remote/app.git", null, "1", "2Gi", "4Gi", "10Gi", 3600, Map.of(), Map.of());
    private static final RunnerSettings CLUSTER = new RunnerSettings("local", K8S);

    @Test
    void theCallsRunnerWinsOverTheConfigsDefault() {
        assertNull(RemoteJobs.runner(null, CLUSTER, true, null), "local by default");
        assertEquals("kubernetes", RemoteJobs.runner("kubernetes", CLUSTER, true, null));
        assertEquals("kubernetes", RemoteJobs.runner(null, new RunnerSettings("kubernetes", K8S), true, null));
        assertNull(RemoteJobs.runner("local", new RunnerSettings("kubernetes", K8S), true, null));
    }

    @Test
    void aJobInPlaceOrWithFixRoundsStaysLocal() {
        assertEquals("runner kubernetes works on the job's branch: it needs a worktree in a git repository "
                + "(drop worktree=false)", assertThrows(Refusal.class,
                () -> RemoteJobs.runner("kubernetes", CLUSTER, false, null)).getMessage());
        VerifySpec withFixes = new VerifySpec(List.of("make", "test"), "unit", 2, 10);
        assertEquals("fix rounds resume the agent's session, which dies with its pod: give fix_attempts=0 with "
                + "runner kubernetes, or run it locally", assertThrows(Refusal.class,
                () -> RemoteJobs.runner("kubernetes", CLUSTER, true, withFixes)).getMessage());
        assertEquals("kubernetes", RemoteJobs.runner("kubernetes", CLUSTER, true,
                new VerifySpec(List.of("make", "test"), "unit", 0, 10)), "a check alone runs here on the fetched work");
    }

    @Test
    void aRemoteJobCannotBeResumed() {
        Job remote = new Job(JobSpec.builder("claude-1", "claude").runner("kubernetes").build(), JobState.queued(),
                null, null);
        assertTrue(RemoteJobs.whyNoResume(remote).startsWith("claude-1 ran on kubernetes: its session died with its pod"));
        assertNull(RemoteJobs.whyNoResume(new Job(JobSpec.builder("claude-2", "claude").build(), JobState.queued(),
                null, null)));
    }
}
