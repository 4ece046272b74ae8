package dev.bgagents.runners.kubernetes;

import dev.bgagents.config.KubernetesSettings;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.ProcessControl;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A project with a job on branch bg/ID in a worktree, a bare repository as its remote, and fabric8's mock API
 * server in CRUD mode (Jobs and pods stored as sent; no controller, no collector: the test plays them).
 */
final class ClusterFixture implements AutoCloseable {
    static final String NS = "agents";
    final Path dir;
    final Path repo;
    final Path remote;
    final JobStore store;
    final KubernetesMockServer server;
    final KubernetesClient client;
    final KubernetesSettings settings;

    ClusterFixture(Path dir) throws Exception {
        this.dir = dir;
        this.repo = dir.resolve("repo");
        this.remote = dir.resolve("remote.git");
        Files.createDirectories(repo);
        git(dir, "init", "-q", "--bare", remote.toString());
        git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("README.md"), "hello\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
        server = crudServer();
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        settings = new KubernetesSettings(null, false, NS, "registry.example/bg-agents-agent:1", "bg-agent",
                remote.toString(), null, "1", "2Gi", "4Gi", "10Gi", 3600,
                Map.of("claude", Map.of("ANTHROPIC_API_KEY", new KubernetesSettings.SecretRef("bg-keys", "anthropic")),
                        "git", Map.of("GIT_TOKEN", new KubernetesSettings.SecretRef("bg-git", "token"))), Map.of());
        store = new JobStore(dir.resolve("jobs"));
        store.load();
    }

    /** CRUD mode, plain http, with expectations (pod logs) answered before the store. */
    static KubernetesMockServer crudServer() {
        Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>> responses
                = new java.util.HashMap<>();
        return new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
                new io.fabric8.mockwebserver.MockWebServer(), responses,
                new io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher(responses), false);
    }

    /** A job on kubernetes, its worktree checked out on bg/ID at main. */
    Job job(String id, List<String> argv, Map<String, String> env, boolean promptOnStdin) throws Exception {
        Path wt = dir.resolve("wt-" + id);
        git(repo, "worktree", "add", "-q", "-b", "bg/" + id, wt.toString(), "main");
        String base = git(repo, "rev-parse", "main").strip();
        JobSpec spec = JobSpec.builder(id, "claude").workdir(wt.toString()).command(argv, promptOnStdin)
                .env(env, List.of()).limits(30, 10).runner("kubernetes").build();
        store.create(spec, "do the thing\nwith care", Workspace.planned(repo, wt, "bg/" + id, "main", List.of()).at(base));
        return store.get(id).orElseThrow();
    }

    ProcessControl.LaunchSpec launchSpec(Job job) {
        var files = store.files(job.id());
        Map<String, String> env = new java.util.HashMap<>(job.spec().run().env());
        env.put(ProcessControl.JOB_TAG, job.id());
        return new ProcessControl.LaunchSpec(job.spec().run().argv(), Path.of(job.spec().workdir()),
                job.spec().run().promptOnStdin() ? files.prompt() : null, files.stdout(), files.stderr(), files.exit(),
                env, List.of());
    }

    KubernetesRunner runner() {
        return KubernetesRunner.withClient(store, settings, repo, client, Duration.ofMillis(100),
                PodVerdict.Graces.DEFAULT);
    }

    /** What the Job controller would make of the Job: its pod, labelled as its template says. */
    Pod podOf(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        return new PodBuilder().withNewMetadata().withName(job.getMetadata().getName() + "-abcde")
                .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .withCreationTimestamp(Instant.now().toString()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec()).build();
    }

    List<io.fabric8.kubernetes.api.model.batch.v1.Job> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems();
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
