package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same life on a real cluster, run only when one is given: BG_AGENTS_TEST_KUBECONFIG (a kubeconfig whose
 * current context may create Jobs), BG_AGENTS_TEST_K8S_IMAGE (the agent image, built from
 * packaging/kubernetes/Dockerfile and pullable by the cluster), BG_AGENTS_TEST_K8S_REMOTE (a bare repository
 * this machine and the pods can both push to), and optionally BG_AGENTS_TEST_K8S_NAMESPACE (default
 * bg-agents-test). The agent is a shell command the image has, so no model key is needed.
 */
class RealClusterIT {
    private static String env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? null : v;
    }

    @Test
    void aJobRunsOnARealClusterAndItsWorkIsMerged(@TempDir Path dir) throws Exception {
        String kubeconfig = env("BG_AGENTS_TEST_KUBECONFIG");
        String image = env("BG_AGENTS_TEST_K8S_IMAGE");
        String remote = env("BG_AGENTS_TEST_K8S_REMOTE");
        assumeTrue(kubeconfig != null && image != null && remote != null,
                "no cluster given (BG_AGENTS_TEST_KUBECONFIG, BG_AGENTS_TEST_K8S_IMAGE, BG_AGENTS_TEST_K8S_REMOTE)");
        String namespace = env("BG_AGENTS_TEST_K8S_NAMESPACE") != null ? env("BG_AGENTS_TEST_K8S_NAMESPACE")
                : "bg-agents-test";
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = new ServerHarness(project, """
                "runners": {"kubernetes": {"namespace": "%s", "image": "%s", "remote": "%s", "cpu": "250m",
                  "memory": "256Mi", "memory_limit": "512Mi", "disk": "1Gi"}}""".formatted(namespace, image, remote),
                List.of("bash", ServerHarness.STANDIN.toString()), Map.of("KUBECONFIG", kubeconfig))) {
            h.withProviders(Map.of("podshell", Map.of("command", List.of("sh", "-c",
                    "echo from-the-cluster > cluster.txt; echo done"), "output", "text")));
            h.start();
            var spawned = h.call("spawn_agent", Map.of("provider", "podshell", "prompt", "write cluster.txt",
                    "runner", "kubernetes", "timeout_minutes", 10));
            assertNotEquals(Boolean.TRUE, spawned.isError(), text(spawned));
            String id = (String) structured(spawned).get("job_id");
            Map<String, Object> ended = h.awaitEnd(id);
            assertEquals("succeeded", ended.get("status"), ended + "\n" + text(h.call("read_summary",
                    Map.of("job_id", id))));
            var merged = h.call("merge_worktree", Map.of("job_id", id));
            assertNotEquals(Boolean.TRUE, merged.isError(), text(merged));
            assertEquals("from-the-cluster", Files.readString(project.resolve("cluster.txt")).strip());
        }
    }
}
