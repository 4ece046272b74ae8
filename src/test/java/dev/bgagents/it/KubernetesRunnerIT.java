package dev.bgagents.it;

import dev.bgagents.Await;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * spawn_agent {runner: "kubernetes"} through a job's whole life, with the cluster simulated: fabric8's mock
 * API server in CRUD mode (reached by the server through a kubeconfig, as a real one would be), the test
 * playing Job controller and kubelet with the real entry script ({@link FakeKubelet}), and a real
 * {@code git daemon} on 127.0.0.1 as the remote the pods clone from and push to.
 */
class KubernetesRunnerIT {
    private static final String NS = "agents";
    private static final String KEY = "sk-ant-it-0123456789-never-in-a-log";
    @TempDir
    Path dir;
    private KubernetesMockServer api;
    private KubernetesClient client;
    private Process daemon;
    private FakeKubelet kubelet;
    private ServerHarness h;

    @BeforeEach
    void cluster() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path served = Files.createDirectories(dir.resolve("served"));
        ServerHarness.runGit(served, "init", "-q", "--bare", "remote.git");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        daemon = new ProcessBuilder("git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
                "--base-path=" + served, "--listen=127.0.0.1", "--port=" + port, served.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile()).start();
        remote = "git://127.0.0.1:" + port + "/remote.git";
        Await.until("git daemon serves", Duration.ofSeconds(10), () -> {
            try {
                ServerHarness.runGit(served, "ls-remote", remote);
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });

        Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses
                = new HashMap<>();
        api = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new io.fabric8.mockwebserver.MockWebServer(),
                responses, new KubernetesMixedDispatcher(responses), false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        client = api.createClient();
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("bg-keys")
                .endMetadata().addToData("anthropic", java.util.Base64.getEncoder().encodeToString(KEY.getBytes()))
                .build()).create();
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: mock, user: {token: not-a-secret}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: %s}}]
                current-context: mock
                """.formatted(api.getPort(), NS));

        Map<String, String> node = new HashMap<>();
        node.put("PATH", System.getenv("PATH"));
        node.put("HOME", Files.createDirectories(dir.resolve("node-home")).toString());
        node.put("GIT_CONFIG_NOSYSTEM", "1");
        kubelet = new FakeKubelet(api, client, NS, Files.createDirectories(dir.resolve("node")), node);
        h = new ServerHarness(project, runners("anthropic"), List.of("bash", ServerHarness.STANDIN.toString()),
                Map.of("KUBECONFIG", kubeconfig.toString()));
    }

    private String remote;

    /** runners.kubernetes, the claude key read from {@code key} of Secret bg-keys. */
    private String runners(String key) {
        return """
                "runners": {"kubernetes": {"context": "mock", "namespace": "agents", "image": "bg-agents-agent:it",
                  "remote": "%s", "secrets": {"claude": {"ANTHROPIC_API_KEY": "bg-keys/%s"}}}}""".formatted(remote, key);
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        kubelet.close();
        client.close();
        api.destroy();
        daemon.destroyForcibly();
    }

    @Test
    void aJobOnKubernetesLivesAsALocalOneThroughItsMerge() throws Exception {
        h.start();
        long t0 = System.nanoTime();
        var spawned = h.call("spawn_agent", Map.of("prompt", "write hello.txt CONTENT:cluster", "runner", "kubernetes"));
        assertNotEquals(Boolean.TRUE, spawned.isError(), text(spawned));
        String id = (String) structured(spawned).get("job_id");
        assertTrue(List.of("running", "queued").contains(structured(spawned).get("status")), text(spawned));

        Map<String, Object> ended = h.awaitEnd(id);
        System.out.printf("[k8s] spawn -> succeeded in %d ms (push, Job, clone, agent, push, 1 s polls, fetch)%n",
                (System.nanoTime() - t0) / 1_000_000);
        assertEquals("succeeded", ended.get("status"), ended.toString());
        assertEquals(0, ((Number) ended.get("exit_code")).intValue());
        String summary = text(h.call("read_summary", Map.of("job_id", id)));
        assertTrue(summary.contains("hello.txt"), summary);
        assertTrue(Files.readString(h.jobDir(id).resolve("stderr.log")).contains("[bg-agents] cloning bg/" + id),
                "the pod's stderr lines come back as stderr");
        assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "its Job is cleaned up");

        var merged = h.call("merge_worktree", Map.of("job_id", id));
        assertNotEquals(Boolean.TRUE, merged.isError(), text(merged));
        assertEquals("cluster", Files.readString(h.project.resolve("hello.txt")).strip());
        assertNoKeyIn(h.jobDir(id));
        assertNoKeyIn(h.stateHome); // the server's own log, the worktree
    }

    @Test
    void cancelDeletesItsJobAndPodsAndStopsTheAgent() throws Exception {
        h.start();
        String id = (String) structured(h.call("spawn_agent", Map.of("prompt", "MODE:hang", "runner", "kubernetes")))
                .get("job_id");
        awaitOutput(id);
        var answer = h.call("cancel_job", Map.of("job_id", id));
        assertTrue(text(answer).contains("cancelled"), text(answer));
        assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "no Job left");
        assertTrue(client.pods().inNamespace(NS).list().getItems().isEmpty(), "no pod left");
        Await.until("the pod's processes are killed", Duration.ofSeconds(10), () -> kubelet.alive().isEmpty());
    }

    @Test
    void aServerKilledMidJobReattachesByLabelAndMergesItsWork() throws Exception {
        h.start();
        String id = (String) structured(h.call("spawn_agent", Map.of("prompt", "MODE:tally=10", "runner",
                "kubernetes"))).get("job_id");
        awaitOutput(id);
        h.killServerHard();
        Thread.sleep(1500); // the pod goes on printing while no server follows it

        h.start();
        Map<String, Object> ended = h.awaitEnd(id);
        assertEquals("succeeded", ended.get("status"), ended.toString());
        List<String> lines = Files.readAllLines(h.jobDir(id).resolve("stdout.log"));
        assertEquals(lines.size(), lines.stream().distinct().count(), "no line twice: " + lines);
        var merged = h.call("merge_worktree", Map.of("job_id", id));
        assertNotEquals(Boolean.TRUE, merged.isError(), text(merged));
        assertTrue(Files.exists(h.project.resolve("tally.txt")), "the leftover the pod committed is merged");
        assertNoKeyIn(h.jobDir(id));
    }

    @Test
    void itsCheckRunsHereOnTheWorkTheClusterDid() throws Exception {
        h.writeConfig(runners("anthropic") + ", \"verify\": {\"hello\": [\"grep\", \"-q\", \"cluster\", \"hello.txt\"]}");
        h.start();
        var spawned = h.call("spawn_agent", Map.of("prompt", "write hello.txt CONTENT:cluster", "runner", "kubernetes",
                "verify", "hello"));
        assertNotEquals(Boolean.TRUE, spawned.isError(), text(spawned));
        String id = (String) structured(spawned).get("job_id");
        Map<String, Object> ended = h.awaitEnd(id);
        assertEquals("succeeded", ended.get("status"), ended.toString());
        assertTrue(Files.exists(h.jobDir(id).resolve("verify.exit")), "the check ran on this machine");
        assertEquals("0", Files.readString(h.jobDir(id).resolve("verify.exit")).strip());
    }

    @Test
    void aSecretKeyThePodLacksFailsTheJobAtOnceSayingWhich() throws Exception {
        h.writeConfig(runners("no-such-key"));
        h.start();
        String id = (String) structured(h.call("spawn_agent", Map.of("prompt", "write hello.txt", "runner",
                "kubernetes"))).get("job_id");
        Map<String, Object> ended = h.awaitEnd(id);
        assertEquals("failed", ended.get("status"), ended.toString());
        String summary = text(h.call("read_summary", Map.of("job_id", id)));
        assertTrue(summary.contains("couldn't find key no-such-key in Secret agents/bg-keys"), summary);
        assertTrue(client.batch().v1().jobs().inNamespace(NS).list().getItems().isEmpty(), "its Job is cleaned up");
        assertTrue(client.pods().inNamespace(NS).list().getItems().isEmpty(), "and its pod");
    }

    /** The pod's first line in the job's stdout: a worktree, a push, a clone and a poll after the spawn. */
    private void awaitOutput(String id) {
        Path out = h.jobDir(id).resolve("stdout.log");
        Await.until(id + " prints something", Duration.ofSeconds(30), () -> {
            try {
                return Files.size(out) > 0;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private static void assertNoKeyIn(Path jobDir) throws IOException {
        try (var files = Files.walk(jobDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1).contains(KEY),
                        "the key is in " + f);
            }
        }
    }
}
