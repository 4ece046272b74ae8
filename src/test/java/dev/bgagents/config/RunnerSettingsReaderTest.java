package dev.bgagents.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** bg-agents.json "runners": the cluster's settings, defaults filled, each mistake one line naming its key. */
class RunnerSettingsReaderTest {
    private static final Path FILE = Path.of("bg-agents.json");

    private static RunnerSettings read(String json) throws Exception {
        return RunnerSettingsReader.read(FILE, new ObjectMapper().readTree(json));
    }

    private static String refused(String json) {
        return assertThrows(ConfigLoader.ConfigException.class, () -> read(json)).getMessage();
    }

    @Test
    void aClusterWithItsDefaults() throws Exception {
        RunnerSettings r = read("""
                {"kubernetes": {"image": "reg/agent:1", "remote": "git@host:app.git",
                  "secrets": {"claude": {"ANTHROPIC_API_KEY": "keys/anthropic"}}, "max_jobs": {"claude": 4}}}""");
        assertEquals("local", r.defaultRunner());
        KubernetesSettings k = r.kubernetes();
        assertEquals("default", k.namespace());
        assertEquals("1", k.cpu());
        assertEquals("2Gi", k.memory());
        assertEquals("4Gi", k.memoryLimit());
        assertEquals("10Gi", k.disk());
        assertEquals(3600, k.ttlSeconds());
        assertEquals("git@host:app.git", k.podRemoteOrRemote());
        assertEquals(Map.of("ANTHROPIC_API_KEY", new KubernetesSettings.SecretRef("keys", "anthropic")),
                k.secrets().get("claude"));
        assertEquals(4, k.maxJobs().get("claude"));
        assertNull(read("{}").kubernetes());
    }

    @Test
    void mistakesAreOneLineEach() {
        assertEquals("bg-agents.json: runners.kubernetes needs \"image\" (the agent image) and \"remote\" (the git "
                + "remote its pods clone from and push to)", refused("{\"kubernetes\": {\"image\": \"x\"}}"));
        assertEquals("bg-agents.json: runners.default is kubernetes but runners.kubernetes is not set",
                refused("{\"default\": \"kubernetes\"}"));
        assertEquals("bg-agents.json: runners.default must be \"local\" or \"kubernetes\"",
                refused("{\"default\": \"slurm\"}"));
        assertTrue(refused("{\"kubernetes\": {\"image\": \"x\", \"remote\": \"y\", \"memory\": \"lots\"}}")
                .startsWith("bg-agents.json: runners.kubernetes.memory must be a quantity"));
        assertTrue(refused("{\"kubernetes\": {\"image\": \"x\", \"remote\": \"y\", \"secrets\": {\"claude\": "
                + "{\"ANTHROPIC_API_KEY\": \"sk-ant-a-key-itself\"}}}}").contains("(at claude.ANTHROPIC_API_KEY)"),
                "a key where a secret/key reference belongs is refused (and not echoed)");
        assertTrue(refused("{\"kubernetes\": {\"image\": \"x\", \"remote\": \"y\", \"context\": \"c\", "
                + "\"in_cluster\": true}}").endsWith("give context or in_cluster, not both"));
        assertTrue(refused("{\"kubernetes\": {\"image\": \"x\", \"remote\": \"y\", \"nodes\": 3}}")
                .contains("unknown key \"nodes\""));
    }
}
