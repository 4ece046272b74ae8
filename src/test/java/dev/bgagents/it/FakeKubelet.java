package dev.bgagents.it;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Job controller and the kubelet a mock API server lacks, played with real processes: for each new
 * Job a pod (labelled as its template says) whose container is the entry script the image runs — the
 * very file, with the Job's arguments and environment, its Secret refs resolved from the mock's Secrets —
 * its output merged into one log served at the pod's log endpoint, its exit written into the pod's
 * status. A pod deleted on the API has its process killed, as a kubelet would.
 */
final class FakeKubelet implements AutoCloseable {
    static final Path ENTRY = Path.of("src/main/resources/dev/bgagents/runners/kubernetes/bg-agents-entry.sh")
            .toAbsolutePath();
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final String namespace;
    private final Path nodeDir;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, String> podOfJob = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
    /** Variables the node's processes must not inherit from the test (its state, its token). */
    private final Map<String, String> baseEnv;

    FakeKubelet(KubernetesMockServer server, KubernetesClient client, String namespace, Path nodeDir,
                Map<String, String> baseEnv) {
        this.server = server;
        this.client = client;
        this.namespace = namespace;
        this.nodeDir = nodeDir;
        this.baseEnv = baseEnv;
        loop.scheduleWithFixedDelay(this::pass, 100, 150, TimeUnit.MILLISECONDS);
    }

    /** The pods' processes still alive. */
    List<Process> alive() {
        return running.values().stream().filter(Process::isAlive).toList();
    }

    private void pass() {
        try {
            for (Job job : client.batch().v1().jobs().inNamespace(namespace).list().getItems()) {
                String name = job.getMetadata().getName();
                if (!podOfJob.containsKey(name)) {
                    start(job);
                }
            }
            for (var e : running.entrySet()) {
                String pod = e.getKey();
                Pod now = client.pods().inNamespace(namespace).withName(pod).get();
                if (now == null) {
                    e.getValue().descendants().forEach(ProcessHandle::destroyForcibly);
                    e.getValue().destroyForcibly();
                    running.remove(pod);
                } else if (!e.getValue().isAlive() && !"Succeeded".equals(now.getStatus().getPhase())
                        && !"Failed".equals(now.getStatus().getPhase())) {
                    int code = e.getValue().exitValue();
                    now.setStatus(new PodStatusBuilder().withPhase(code == 0 ? "Succeeded" : "Failed")
                            .withContainerStatuses(new ContainerStatusBuilder().withName("agent").withNewState()
                                    .withNewTerminated().withExitCode(code).withReason(code == 0 ? "Completed" : "Error")
                                    .endTerminated().endState().build()).build());
                    client.pods().inNamespace(namespace).resource(now).updateStatus();
                }
            }
        } catch (RuntimeException | IOException e) {
            System.err.println("fake kubelet: " + e);
        }
    }

    private void start(Job job) throws IOException {
        String jobName = job.getMetadata().getName();
        String podName = jobName + "-" + Long.toString(System.nanoTime() % 100000, 36);
        podOfJob.put(jobName, podName);
        var template = job.getSpec().getTemplate();
        var container = template.getSpec().getContainers().get(0);
        Path dir = Files.createDirectories(nodeDir.resolve(podName));
        Path workspace = Files.createDirectories(dir.resolve("workspace"));
        Path log = dir.resolve("log");
        Files.writeString(log, "");
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + podName
                + "/log?pretty=false&container=agent").andReply(200, req -> read(log)).always();
        String missing = missingKey(container.getEnv());
        if (missing != null) {
            // as a kubelet does: the container is never created, and the pod says why
            client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(podName)
                    .withNamespace(namespace).withLabels(template.getMetadata().getLabels())
                    .withCreationTimestamp(Instant.now().toString()).endMetadata().withSpec(template.getSpec())
                    .withNewStatus().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                            .withName("agent").withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                            .withMessage(missing).endWaiting().endState().build()).endStatus().build()).create();
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", ENTRY.toString()));
        cmd.addAll(container.getArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workspace.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(baseEnv);
        for (EnvVar v : container.getEnv()) {
            pb.environment().put(v.getName(), v.getValue() != null ? v.getValue() : secret(v));
        }
        pb.environment().put("BG_AGENTS_WORKSPACE", workspace.toString());
        pb.environment().put("BG_AGENTS_TERMINATION", dir.resolve("termination-log").toString());
        Pod pod = new PodBuilder().withNewMetadata().withName(podName).withNamespace(namespace)
                .withLabels(template.getMetadata().getLabels()).withCreationTimestamp(Instant.now().toString())
                .endMetadata().withSpec(template.getSpec()).withNewStatus().withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder().withName("agent").withNewState().withNewRunning()
                        .endRunning().endState().build()).endStatus().build();
        client.pods().inNamespace(namespace).resource(pod).create();
        running.put(podName, pb.start());
    }

    /** The kubelet's message for the first Secret key the pod needs and its Secret lacks, or null. */
    private String missingKey(List<EnvVar> env) {
        for (EnvVar v : env) {
            if (v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null) {
                var ref = v.getValueFrom().getSecretKeyRef();
                Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
                if (s == null) {
                    return "secret \"" + ref.getName() + "\" not found";
                }
                if (s.getData() == null || !s.getData().containsKey(ref.getKey())) {
                    return "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName();
                }
            }
        }
        return null;
    }

    private String secret(EnvVar v) {
        var ref = v.getValueFrom().getSecretKeyRef();
        Secret s = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
        return new String(Base64.getDecoder().decode(s.getData().get(ref.getKey())), StandardCharsets.UTF_8);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        running.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }
}
