package dev.bgagents.runners.kubernetes;

import dev.bgagents.agents.Credentials;
import dev.bgagents.config.KubernetesSettings;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code batch/v1} Job one agent job runs as: one pod, never retried (a second run would push over
 * the first), a deadline a little past the job's wall-clock limit (the server stops it first; the deadline
 * is for when no server watches), kept for a TTL once finished, non-root, no privilege escalation, every
 * capability dropped, no service-account token, the configured requests and limits, an emptyDir workspace
 * the entry script clones into. Keys reach the pod only as references to Secrets: the server never reads
 * one, and a variable whose name says it holds a secret is dropped from the environment it passes on.
 */
final class JobManifest {
    static final String JOB_LABEL = "bg-agents.dev/job";
    static final String PROJECT_LABEL = "bg-agents.dev/project";
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String CONTAINER = "agent";
    static final String ENTRY = "/usr/local/bin/bg-agents-entry";
    static final String WORKSPACE = "/workspace";
    /** The pod's copy of the prompt, for an agent that reads it on stdin. */
    static final String STDIN_VAR = "BG_AGENTS_STDIN";
    /** Past the wall-clock limit, so that the server's own limit (with its reason) comes first. */
    static final long DEADLINE_MARGIN_SECONDS = 120;
    /** Secrets every pod gets, whatever its provider: the git remote's credentials. */
    static final String GIT_SECRETS = "git";

    /**
     * @param jobId     bg-agents' job id
     * @param project   the project's label value
     * @param provider  the agent CLI, whose Secret refs the pod gets
     * @param argv      the agent's argument vector, as it would run locally
     * @param env       what the CLI adapter and the config add (secret-named variables are dropped here)
     * @param stdin     the prompt, for an agent that reads it on stdin; null: none
     * @param branch    the job's branch on the remote
     * @param subdir    where in the clone the agent works ("" for its root)
     * @param timeoutMinutes the job's wall-clock limit
     */
    record Request(String jobId, String project, String provider, List<String> argv, Map<String, String> env,
                   String stdin, String branch, String subdir, double timeoutMinutes) {
        Request {
            argv = List.copyOf(argv);
            env = Map.copyOf(env);
        }
    }

    private JobManifest() {
    }

    /** The Job's name: the job id as a DNS label (its pods' names and labels derive from it). */
    static String name(String jobId) {
        String n = ("bg-" + jobId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        n = n.length() > 52 ? n.substring(0, 52) : n; // room for the pod's suffix within 63
        return n.replaceAll("-+$", "");
    }

    /** A label value: 63 characters at most, alphanumerics at both ends. */
    static String labelValue(String s) {
        String v = s.replaceAll("[^A-Za-z0-9._-]", "-");
        v = v.length() > 63 ? v.substring(0, 63) : v;
        return v.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    static Job build(KubernetesSettings k, Request r) {
        Map<String, String> labels = new TreeMap<>(Map.of(JOB_LABEL, labelValue(r.jobId()),
                PROJECT_LABEL, labelValue(r.project()), MANAGED_BY, "bg-agents"));
        List<String> args = new ArrayList<>(List.of(k.podRemoteOrRemote(), r.branch(), r.subdir()));
        args.addAll(podArgv(r.argv()));
        long deadline = Math.round(Math.ceil(r.timeoutMinutes() * 60)) + DEADLINE_MARGIN_SECONDS;
        return new JobBuilder()
                .withNewMetadata().withName(name(r.jobId())).withLabels(labels).endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(deadline)
                .withTtlSecondsAfterFinished(k.ttlSeconds())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(k.serviceAccount())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(1000L).withRunAsGroup(1000L).withFsGroup(1000L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(k.image())
                .withCommand(ENTRY)
                .withArgs(args)
                .withWorkingDir(WORKSPACE)
                .withEnv(env(k, r))
                .withTerminationMessagePolicy("File")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .endSecurityContext()
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity(k.cpu()), "memory", new Quantity(k.memory()),
                        "ephemeral-storage", new Quantity(k.disk())))
                .withLimits(Map.of("cpu", new Quantity(k.cpu()), "memory", new Quantity(k.memoryLimit())))
                .endResources()
                .addNewVolumeMount().withName("workspace").withMountPath(WORKSPACE).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("workspace").withNewEmptyDir().withSizeLimit(new Quantity(k.disk()))
                .endEmptyDir().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The image has the CLIs on its PATH: a host's absolute path to one becomes its name. */
    static List<String> podArgv(List<String> argv) {
        List<String> out = new ArrayList<>(argv);
        if (!out.isEmpty() && Path.of(out.get(0)).isAbsolute()) {
            out.set(0, Path.of(out.get(0)).getFileName().toString());
        }
        return out;
    }

    private static List<EnvVar> env(KubernetesSettings k, Request r) {
        List<EnvVar> env = new ArrayList<>();
        new TreeMap<>(r.env()).forEach((name, value) -> {
            if (!Credentials.isSecretName(name)) {
                env.add(new EnvVar(name, value, null));
            }
        });
        env.add(new EnvVar("BG_AGENTS_WORKSPACE", WORKSPACE, null));
        if (r.stdin() != null) {
            env.add(new EnvVar(STDIN_VAR, r.stdin(), null));
        }
        for (String group : List.of(GIT_SECRETS, r.provider())) {
            new TreeMap<>(k.secrets().getOrDefault(group, Map.of())).forEach((name, ref) -> env.add(new EnvVarBuilder()
                    .withName(name).withNewValueFrom().withNewSecretKeyRef().withName(ref.name()).withKey(ref.key())
                    .withOptional(false).endSecretKeyRef().endValueFrom().build()));
        }
        return env;
    }
}
