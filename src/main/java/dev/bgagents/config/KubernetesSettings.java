package dev.bgagents.config;

import java.util.Map;

/**
 * bg-agents.json {@code runners.kubernetes}: where and how a job's agent runs as a {@code batch/v1} Job.
 *
 * @param context        the kubeconfig context to use; null: the current one, or the pod's own service account
 *                       when {@code inCluster}
 * @param inCluster      the server itself runs in a pod and talks to its own cluster
 * @param namespace      where Jobs are created
 * @param image          the agent image (packaging/kubernetes/Dockerfile): the CLIs, git and the entry script
 * @param serviceAccount the pods' service account; its token is not mounted either way
 * @param remote         the git remote the server pushes the job's base to and fetches its branch from
 * @param podRemote      the same remote as the pods reach it (an in-cluster address); null: {@code remote}
 * @param cpu            requested CPU (also the limit)
 * @param memory         requested memory
 * @param memoryLimit    the memory past which the agent is killed (out of memory)
 * @param disk           the emptyDir workspace's size limit
 * @param ttlSeconds     how long a finished Job is kept before the cluster removes it
 * @param secrets        provider (or {@code git}, for every pod) → environment variable → {@code secret/key}: the
 *                       pod reads its keys from Secrets; the server never reads one, and no key is in a manifest
 * @param maxJobs        provider → how many of its jobs may run remotely at once (its rate limit is the ceiling)
 */
public record KubernetesSettings(String context, boolean inCluster, String namespace, String image,
                                 String serviceAccount, String remote, String podRemote, String cpu, String memory,
                                 String memoryLimit, String disk, int ttlSeconds,
                                 Map<String, Map<String, SecretRef>> secrets, Map<String, Integer> maxJobs) {
    /** The defaults of every key but the ones a cluster needs: namespace, image and remote are required. */
    public static final String DEFAULT_NAMESPACE = "default";

    public KubernetesSettings {
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        maxJobs = maxJobs == null ? Map.of() : Map.copyOf(maxJobs);
    }

    /** The remote as the pods reach it. */
    public String podRemoteOrRemote() {
        return podRemote != null ? podRemote : remote;
    }

    /** A key held by a Secret the pod reads: {@code name/key} in the config. */
    public record SecretRef(String name, String key) {
        static SecretRef parse(String s) {
            int slash = s == null ? -1 : s.indexOf('/');
            if (slash <= 0 || slash == s.length() - 1 || s.indexOf('/', slash + 1) >= 0) {
                return null;
            }
            return new SecretRef(s.substring(0, slash), s.substring(slash + 1));
        }
    }
}
