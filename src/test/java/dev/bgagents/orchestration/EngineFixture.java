package dev.bgagents.orchestration;

import dev.bgagents.Await;
import dev.bgagents.config.Config;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.jobs.Job;
import dev.bgagents.process.FakeProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole engine on a real temporary git repository, with a fake process table: agents and
 * checks are "started" and then exit when a test says so, with what they printed; everything else
 * — the job store, worktrees and branches, merges, the rooms — is real. Providers {@code agent},
 * {@code other} and {@code third} are custom text providers (bash, never run); a job succeeds when
 * its process exits 0. {@code claude} is the built-in claude CLI on bash: its output is read as real
 * claude's, for what only a real CLI says (that its provider rate limited it: {@link #fallenBack()}).
 */
public final class EngineFixture implements AutoCloseable {
    public final Path project;
    private final Path dir;
    public final FakeProcesses processes = new FakeProcesses();
    public final Engine engine;
    private final Config config;

    /** What real claude printed when its model server answered 429: the provider's trouble, not the task's. */
    private static final String RATE_LIMITED = "fixtures/agent-output/claude-429.stdout.jsonl";

    /** {@code extraConfig}: more top-level keys of bg-agents.json, as JSON members ("" for none). */
    public EngineFixture(Path dir, String extraConfig) throws IOException, InterruptedException {
        this(dir, extraConfig, "");
    }

    /**
     * {@code extraProviders}: more members of its "providers" ("" for none) — e.g. a built-in CLI run
     * by bash, {@code "claude": {"command": ["bash"]}}, whose output its own parser reads.
     */
    public EngineFixture(Path dir, String extraConfig, String extraProviders) throws IOException, InterruptedException {
        this.dir = dir;
        this.project = Files.createDirectories(dir.resolve("project")).toRealPath();
        git("init", "-q", "-b", "main");
        Files.writeString(project.resolve("README.md"), "# test project\n");
        git("add", "README.md");
        git("commit", "-q", "-m", "init");
        Path config = dir.resolve("bg-agents.json");
        String provider = "{\"command\": [\"bash\"], \"output\": \"text\"}";
        // the jobs' worktrees outside the checkout, as by default, but in this test's directory
        Files.writeString(config, "{\"default_provider\": \"agent\", \"kill_grace_seconds\": 0.1, "
                + "\"worktrees_dir\": \"" + dir.resolve("worktrees") + "\", "
                + (extraConfig.isEmpty() ? "" : extraConfig + ", ") + "\"providers\": {\"agent\": " + provider
                + ", \"other\": " + provider + ", \"third\": " + provider + ", \"claude\": {\"command\": [\"bash\"]}"
                + (extraProviders.isEmpty() ? "" : ", " + extraProviders) + "}}");
        Config c;
        try {
            c = ConfigLoader.read(config);
        } catch (ConfigLoader.ConfigException e) {
            throw new IOException(e.getMessage(), e);
        }
        this.config = c;
        this.engine = Engine.open(project, c, processes);
        engine.start();
    }

    /** The job {@code r} asks for, as spawn_agent starts it; its id. */
    public String spawn(SpawnRequest r) {
        return engine.spawning().spawn(r.build()).job().id();
    }

    /** The merge {@code r} asks for, as merge_worktree does it. */
    public dev.bgagents.orchestration.api.Merging.Outcome merge(MergeRequest r) {
        return engine.merging().merge(r.build());
    }

    /** A job of the default provider that wrote {@code file} in its worktree and succeeded, as on record. */
    public Job succeededWriting(String file, String content) throws IOException {
        String id = spawn(SpawnRequest.prompt("write " + file));
        agentPid(id);
        agentWrites(id, file, content);
        return agentExits(id, "wrote " + file + "\n", 0);
    }

    /** Another server on the same project (as a second host session starts one), not started; the caller closes it. */
    public Engine anotherServer() throws IOException {
        return Engine.open(project, config, new FakeProcesses());
    }

    /** A fallback chain: its first job, and the job that took its task over. */
    public record Chain(String first, String next) {
    }

    /**
     * A job on claude, rate limited by its provider, whose task went on to {@code other}: the chain,
     * its next job on record (queued or running).
     */
    public Chain fallenBack() throws IOException {
        String first = spawn(SpawnRequest.prompt("write it").provider("claude").fallback("other"));
        agentReplays(first, RATE_LIMITED, 1);
        return new Chain(first, engine.watching().latest(first).id());
    }

    /** Where this project's jobs' worktrees go. */
    public dev.bgagents.project.WorktreeHome worktreeHome() {
        return dev.bgagents.project.WorktreeHome.of(project, dir.resolve("worktrees"), null);
    }

    /** The job as on record now. */
    public Job job(String id) {
        return engine.store().get(id).orElseThrow();
    }

    /** The pid of the job's agent once it runs (its worktree checked out first). */
    public long agentPid(String id) {
        return Await.value(id + " runs", Duration.ofSeconds(20), () -> job(id).state().pid(),
                pid -> pid > 0 && processes.alive(pid));
    }

    /** The job's agent prints {@code stdout} and exits with {@code code}; returns once the job has ended. */
    public Job agentExits(String id, String stdout, int code) throws IOException {
        processes.exit(agentPid(id), stdout, code);
        return awaitEnd(id);
    }

    /** Once the job's agent has exited: its check, when it runs, prints {@code output} and exits with {@code code}. */
    public void checkExits(String id, String output, int code) throws IOException {
        long check = Await.value(id + "'s check runs", Duration.ofSeconds(20),
                () -> processes.find(id).map(l -> l.pid()).orElse(-1L), pid -> pid > 0);
        processes.exit(check, output, code);
    }

    /**
     * Once the job's check failed: the same check on the job's base — run in a checkout of it beside
     * the job's worktree — prints {@code output} and exits with {@code code}.
     */
    public void baseCheckExits(String id, String output, int code) throws IOException {
        long check = Await.value(id + "'s check on its base runs", Duration.ofSeconds(20),
                () -> baseChecks(id).stream().filter(processes::alive).findFirst().orElse(-1L), pid -> pid > 0);
        processes.exit(check, output, code);
    }

    /** Every check of the job's run on its base so far, oldest first: the processes it started in {@code <worktree>.base}. */
    public List<Long> baseChecks(String id) {
        Path tree = job(id).workspace().path();
        Path base = tree.resolveSibling(tree.getFileName() + ".base");
        return processes.launched().stream().filter(pid -> base.equals(processes.spec(pid).workdir())).toList();
    }

    public Job awaitEnd(String id) {
        Await.until(id + " ends", Duration.ofSeconds(20), () -> job(id).status().isTerminal());
        return job(id);
    }

    /** The job's agent prints what real claude printed in {@code fixture} (a test resource) and exits with {@code code}. */
    public Job agentReplays(String id, String fixture, int code) throws IOException {
        try (var in = EngineFixture.class.getClassLoader().getResourceAsStream(fixture)) {
            if (in == null) {
                throw new IOException("no test resource " + fixture);
            }
            return agentExits(id, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), code);
        }
    }

    /** Writes a file in the job's worktree, as its agent would: once its agent was started, its worktree checked out. */
    public void agentWrites(String id, String file, String content) throws IOException {
        // written before the checkout, the file would make the worktree's folder and the checkout would find it taken
        Await.value(id + " was started", Duration.ofSeconds(20), () -> job(id).state().pid(), pid -> pid > 0);
        Path f = job(id).workspace().path().resolve(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    /** The job directories of the project, by id. */
    public List<String> jobDirs() throws IOException {
        Path jobs = project.resolve(".context/jobs");
        if (!Files.isDirectory(jobs)) {
            return List.of();
        }
        try (var s = Files.list(jobs)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The project's branches named bg/…. */
    public List<String> jobBranches() throws IOException, InterruptedException {
        return git("for-each-ref", "--format=%(refname:short)", "refs/heads/bg/").lines().toList();
    }

    /** The project's registered worktrees (the checkout itself first), as `git worktree list` has them. */
    public List<Path> worktrees() throws IOException, InterruptedException {
        return git("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree "))
                .map(l -> Path.of(l.substring("worktree ".length()))).toList();
    }

    /** Writes {@code files} (path → content) in the project and commits them on its current branch. */
    public void commit(String message, java.util.Map<String, String> files) throws IOException, InterruptedException {
        for (var e : files.entrySet()) {
            Path f = project.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            git("add", e.getKey());
        }
        git("commit", "-qm", message);
    }

    /** Commits what the job's worktree holds now on its branch, as an agent (or a person) would; the new tip. */
    public String commitInWorktree(String id, String message) throws IOException, InterruptedException {
        String tree = job(id).workspace().path().toString();
        git("-C", tree, "add", "-A");
        git("-C", tree, "commit", "-q", "-m", message);
        return git("-C", tree, "rev-parse", "HEAD").strip();
    }

    /**
     * What jobs have left in the project: their directories, bg/ branches and worktrees — the same
     * before and after a refused request.
     */
    public List<String> footprint() throws IOException, InterruptedException {
        List<String> all = new java.util.ArrayList<>();
        jobDirs().forEach(d -> all.add("job " + d));
        jobBranches().forEach(b -> all.add("branch " + b));
        worktrees().stream().skip(1).map(p -> "worktree " + p.getFileName()).sorted().forEach(all::add);
        return all;
    }

    public String git(String... args) throws IOException, InterruptedException {
        return git(project, args);
    }

    /** git in {@code repo}, with an identity: its output, or an IOException naming the command. */
    public static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@t.invalid"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    /** Closes the engine once no job is between taking its slot and starting: no checkout outlives the test. */
    @Override
    public void close() {
        // a worktree still being checked out would go on writing into the repository as it is deleted
        Await.until("no worktree is being checked out", Duration.ofSeconds(20), () -> engine.store().all().stream()
                .map(j -> String.valueOf(engine.watching().activity(j))).noneMatch(a -> a.startsWith("starting: checking out")));
        Await.until("no job is being started", Duration.ofSeconds(20), () -> engine.store().all().stream()
                .noneMatch(j -> j.status() == dev.bgagents.jobs.JobStatus.QUEUED && j.state().launchingAt() != null));
        engine.close();
    }
}
