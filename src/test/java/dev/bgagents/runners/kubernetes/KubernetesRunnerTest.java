package dev.bgagents.runners.kubernetes;

import dev.bgagents.jobs.Job;
import dev.bgagents.process.ProcessControl;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.bgagents.Await.until;
import static org.junit.jupiter.api.Assertions.*;

/** The runner against fabric8's mock API server: the manifest as sent, cancel, a pod's end, re-attach. */
class KubernetesRunnerTest {
    @TempDir
    Path dir;
    ClusterFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ClusterFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void theJobAsSentIsLockedDownLabelledAndCarriesNoKey() throws Exception {
        Job job = f.job("claude-1", List.of("/home/me/.local/bin/claude", "-p", "--output-format", "stream-json"),
                Map.of("CLAUDE_CODE_ENTRYPOINT", "bg-agents", "ANTHROPIC_API_KEY", "sk-ant-very-secret"), true);
        try (KubernetesRunner runner = f.runner()) {
            ProcessControl.Launched l = runner.launch(f.launchSpec(job));
            assertEquals(ProcessControl.ELSEWHERE, l.pid());
        }
        var sent = f.jobs();
        assertEquals(1, sent.size());
        var k = sent.get(0);
        String json = Serialization.asJson(k);
        assertFalse(json.contains("sk-ant-very-secret"), "a key never goes into a manifest: " + json);
        assertEquals("bg-claude-1", k.getMetadata().getName());
        assertEquals("claude-1", k.getMetadata().getLabels().get(JobManifest.JOB_LABEL));
        assertTrue(k.getMetadata().getLabels().get(JobManifest.PROJECT_LABEL).startsWith("repo-"));
        assertEquals(0, k.getSpec().getBackoffLimit(), "never retried: a second run would push over the first");
        assertEquals(30 * 60 + JobManifest.DEADLINE_MARGIN_SECONDS, k.getSpec().getActiveDeadlineSeconds());
        assertEquals(3600, k.getSpec().getTtlSecondsAfterFinished());
        var pod = k.getSpec().getTemplate().getSpec();
        assertEquals(k.getMetadata().getLabels(), k.getSpec().getTemplate().getMetadata().getLabels());
        assertEquals("Never", pod.getRestartPolicy());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertEquals("bg-agent", pod.getServiceAccountName());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        var c = pod.getContainers().get(0);
        assertEquals("registry.example/bg-agents-agent:1", c.getImage());
        assertEquals(List.of(JobManifest.ENTRY), c.getCommand());
        assertEquals(List.of(f.remote.toString(), "bg/claude-1", "", "claude", "-p", "--output-format", "stream-json"),
                c.getArgs(), "the same argument vector as locally, the CLI by its name on the image's PATH");
        assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
        assertFalse(c.getSecurityContext().getPrivileged());
        assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
        assertEquals(new Quantity("4Gi"), c.getResources().getLimits().get("memory"));
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("cpu"));
        assertEquals(new Quantity("2Gi"), c.getResources().getRequests().get("memory"));
        assertEquals(new Quantity("10Gi"), pod.getVolumes().get(0).getEmptyDir().getSizeLimit());
        assertEquals(JobManifest.WORKSPACE, c.getVolumeMounts().get(0).getMountPath());
        Map<String, EnvVar> env = new java.util.HashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e));
        assertEquals("bg-agents", env.get("CLAUDE_CODE_ENTRYPOINT").getValue());
        assertEquals("claude-1", env.get(ProcessControl.JOB_TAG).getValue());
        assertEquals("do the thing\nwith care", env.get(JobManifest.STDIN_VAR).getValue(), "the prompt, for stdin");
        var key = env.get("ANTHROPIC_API_KEY");
        assertNull(key.getValue());
        assertEquals("bg-keys", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("anthropic", key.getValueFrom().getSecretKeyRef().getKey());
        assertEquals("bg-git", env.get("GIT_TOKEN").getValueFrom().getSecretKeyRef().getName());
        assertTrue(ClusterFixture.git(f.remote, "branch", "--list").contains("bg/claude-1"),
                "the job's branch is on the remote at its base before the pod clones it");
    }

    @Test
    void cancelDeletesTheJobAndThenItsPodsLeavingNothing() throws Exception {
        Job job = f.job("claude-2", List.of("claude", "-p", "hi"), Map.of(), false);
        try (KubernetesRunner runner = f.runner()) {
            runner.launch(f.launchSpec(job));
            Pod pod = f.podOf(f.jobs().get(0));
            pod.setStatus(new PodStatusBuilder().withPhase("Running").build());
            f.client.pods().inNamespace(ClusterFixture.NS).resource(pod).create();
            var stopped = runner.stop(job.id());
            assertEquals(1, stopped.terminated(), "the running pod is what was stopped");
            assertTrue(f.jobs().isEmpty(), "no Job left");
            assertTrue(f.pods().isEmpty(), "no pod left (the mock has no collector: deleted by label)");
        }
    }

    @Test
    void aPodThatEndsHasItsLogSplitItsBranchBroughtBackAndItsExitRecorded() throws Exception {
        Job job = f.job("claude-3", List.of("claude", "-p", "hi"), Map.of(), false);
        var files = f.store.files(job.id());
        try (KubernetesRunner runner = f.runner()) {
            runner.launch(f.launchSpec(job));
            // the pod's work, pushed to the remote as the entry script would
            Path clone = dir.resolve("clone");
            ClusterFixture.git(dir, "clone", "-q", "-b", "bg/claude-3", f.remote.toString(), clone.toString());
            Files.writeString(clone.resolve("done.txt"), "done\n");
            ClusterFixture.git(clone, "add", "-A");
            ClusterFixture.git(clone, "-c", "user.name=a", "-c", "user.email=a@a", "commit", "-q", "-m", "work");
            ClusterFixture.git(clone, "push", "-q", "origin", "HEAD:refs/heads/bg/claude-3");

            Pod pod = f.podOf(f.jobs().get(0));
            String name = pod.getMetadata().getName();
            f.server.expect().get().withPath("/api/v1/namespaces/agents/pods/" + name + "/log?pretty=false&container=agent")
                    .andReturn(200, "e [bg-agents] cloning bg/claude-3\no {\"type\":\"result\"}\ne warn: slow\n")
                    .always();
            pod.setStatus(new PodStatusBuilder().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("agent").withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
                    .endTerminated().endState().build()).build());
            f.client.pods().inNamespace(ClusterFixture.NS).resource(pod).create();
            assertTrue(runner.isAlive(job.id()));
            until("the exit record", Duration.ofSeconds(10), () -> Files.exists(files.exit()));
            assertFalse(runner.isAlive(job.id()));
        }
        assertEquals("0", Files.readString(files.exit()).strip());
        assertEquals("{\"type\":\"result\"}\n", Files.readString(files.stdout()));
        assertEquals("[bg-agents] cloning bg/claude-3\nwarn: slow\n", Files.readString(files.stderr()));
        assertTrue(Files.exists(Path.of(job.spec().workdir()).resolve("done.txt")),
                "the pushed work is in the job's worktree, where merge_worktree and summaries look");
        assertFalse(Files.exists(files.runnerEnd()), "an exit status says it all");
    }

    @Test
    void aRestartedServerReattachesByLabelAndWritesNoLineTwice() throws Exception {
        Job job = f.job("claude-4", List.of("claude", "-p", "hi"), Map.of(), false);
        var files = f.store.files(job.id());
        var log = new java.util.concurrent.atomic.AtomicReference<>("e [bg-agents] cloning bg/claude-4\no one\n");
        Pod pod;
        try (KubernetesRunner before = f.runner()) {
            before.launch(f.launchSpec(job));
            pod = f.podOf(f.jobs().get(0));
            f.server.expect().get().withPath("/api/v1/namespaces/agents/pods/" + pod.getMetadata().getName()
                    + "/log?pretty=false&container=agent").andReply(200, req -> log.get()).always();
            pod.setStatus(new PodStatusBuilder().withPhase("Running").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("agent").withNewState().withNewRunning().endRunning().endState().build()).build());
            f.client.pods().inNamespace(ClusterFixture.NS).resource(pod).create();
            until("the first line", Duration.ofSeconds(10), () -> size(files.stdout()) > 0);
        }
        log.set(log.get() + "o two\ne a warning\no three\n");
        try (KubernetesRunner after = f.runner()) {
            assertTrue(after.isAlive(job.id()), "found by its label and followed again");
            until("the later lines", Duration.ofSeconds(10), () -> size(files.stdout()) == "one\ntwo\nthree\n".length());
            pod.setStatus(new PodStatusBuilder().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                    .withName("agent").withNewState().withNewTerminated().withExitCode(2).endTerminated().endState()
                    .build()).build());
            f.client.pods().inNamespace(ClusterFixture.NS).resource(pod).updateStatus();
            until("the exit record", Duration.ofSeconds(10), () -> Files.exists(files.exit()));
        }
        assertEquals("one\ntwo\nthree\n", Files.readString(files.stdout()));
        assertEquals("[bg-agents] cloning bg/claude-4\na warning\n", Files.readString(files.stderr()));
        assertEquals("2", Files.readString(files.exit()).strip());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
