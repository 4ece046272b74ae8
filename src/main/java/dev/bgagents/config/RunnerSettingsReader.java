package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads bg-agents.json {@code runners}; every mistake is one line naming the key. */
final class RunnerSettingsReader {
    private static final Set<String> KEYS = Set.of("default", "kubernetes");
    private static final Set<String> K8S_KEYS = Set.of("context", "in_cluster", "namespace", "image",
            "service_account", "remote", "pod_remote", "cpu", "memory", "memory_limit", "disk", "ttl_seconds",
            "secrets", "max_jobs");
    /** A quantity as Kubernetes writes one: 500m, 2, 1.5, 4Gi, 512M. */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RunnerSettingsReader() {
    }

    static RunnerSettings read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return RunnerSettings.NONE;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"runners\" must be an object of default, kubernetes");
        }
        ConfigValues.unknownKeys(file, "runners", node, KEYS);
        String def = node.path("default").asText(RunnerSettings.LOCAL);
        if (!RunnerSettings.NAMES.contains(def)) {
            throw new ConfigException(file + ": runners.default must be \"local\" or \"kubernetes\"");
        }
        KubernetesSettings k8s = node.has("kubernetes") ? kubernetes(file, node.get("kubernetes")) : null;
        if (def.equals(RunnerSettings.KUBERNETES) && k8s == null) {
            throw new ConfigException(file + ": runners.default is kubernetes but runners.kubernetes is not set");
        }
        return new RunnerSettings(def, k8s);
    }

    private static KubernetesSettings kubernetes(Path file, JsonNode n) throws ConfigException {
        if (!n.isObject()) {
            throw new ConfigException(file + ": runners.kubernetes must be an object (namespace, image, remote, …)");
        }
        ConfigValues.unknownKeys(file, "runners.kubernetes", n, K8S_KEYS);
        String image = text(file, n, "image", null);
        String remote = text(file, n, "remote", null);
        if (image == null || remote == null) {
            throw new ConfigException(file + ": runners.kubernetes needs \"image\" (the agent image) and \"remote\" "
                    + "(the git remote its pods clone from and push to)");
        }
        boolean inCluster = ConfigValues.bool(file, n, "in_cluster", false);
        String context = text(file, n, "context", null);
        if (inCluster && context != null) {
            throw new ConfigException(file + ": runners.kubernetes: give context or in_cluster, not both");
        }
        double ttl = ConfigValues.positive(file, n, "ttl_seconds", 3600);
        return new KubernetesSettings(context, inCluster, text(file, n, "namespace", KubernetesSettings.DEFAULT_NAMESPACE),
                image, text(file, n, "service_account", null), remote, text(file, n, "pod_remote", null),
                quantity(file, n, "cpu", "1"), quantity(file, n, "memory", "2Gi"),
                quantity(file, n, "memory_limit", "4Gi"), quantity(file, n, "disk", "10Gi"), (int) ttl,
                secrets(file, n.get("secrets")), maxJobs(file, n.get("max_jobs")));
    }

    private static String text(Path file, JsonNode n, String key, String fallback) throws ConfigException {
        JsonNode v = n.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new ConfigException(file + ": runners.kubernetes." + key + " must be a non-empty string");
        }
        return v.asText();
    }

    private static String quantity(Path file, JsonNode n, String key, String fallback) throws ConfigException {
        JsonNode v = n.get(key);
        String q = v == null ? fallback : v.asText();
        if (!QUANTITY.matcher(q).matches()) {
            throw new ConfigException(file + ": runners.kubernetes." + key + " must be a quantity such as \"1\", "
                    + "\"500m\" or \"4Gi\"");
        }
        return q;
    }

    private static Map<String, Map<String, KubernetesSettings.SecretRef>> secrets(Path file, JsonNode node)
            throws ConfigException {
        Map<String, Map<String, KubernetesSettings.SecretRef>> all = new LinkedHashMap<>();
        if (node == null) {
            return all;
        }
        String shape = file + ": runners.kubernetes.secrets maps a provider (or \"git\") to {\"ENV_NAME\": "
                + "\"secret/key\"}";
        if (!node.isObject()) {
            throw new ConfigException(shape);
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var p = it.next();
            if (!p.getValue().isObject()) {
                throw new ConfigException(shape);
            }
            Map<String, KubernetesSettings.SecretRef> refs = new LinkedHashMap<>();
            for (var e = p.getValue().fields(); e.hasNext(); ) {
                var v = e.next();
                KubernetesSettings.SecretRef ref = KubernetesSettings.SecretRef.parse(v.getValue().asText(null));
                if (!ENV_NAME.matcher(v.getKey()).matches() || ref == null) {
                    throw new ConfigException(shape + " (at " + p.getKey() + "." + v.getKey() + ")");
                }
                refs.put(v.getKey(), ref);
            }
            all.put(p.getKey(), refs);
        }
        return all;
    }

    private static Map<String, Integer> maxJobs(Path file, JsonNode node) throws ConfigException {
        Map<String, Integer> caps = new LinkedHashMap<>();
        if (node == null) {
            return caps;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": runners.kubernetes.max_jobs maps a provider to a whole number");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isIntegralNumber() || e.getValue().asInt() < 1) {
                throw new ConfigException(file + ": runners.kubernetes.max_jobs." + e.getKey()
                        + " must be a whole number from 1");
            }
            caps.put(e.getKey(), e.getValue().asInt());
        }
        return caps;
    }
}
