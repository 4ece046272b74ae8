package dev.bgagents.orchestration;

import dev.bgagents.agents.Permissions;
import dev.bgagents.orchestration.api.Spawning;

import java.util.List;

/**
 * A spawn_agent request as a test writes it: the fields it sets, every other one left to its
 * default (null), as a host that leaves it out.
 */
public final class SpawnRequest {
    private String provider;
    private String prompt;
    private String taskFile;
    private String workdir;
    private String model;
    private Permissions permissions;
    private Boolean worktree;
    private String base;
    private List<String> files;
    private List<String> dependsOn;
    private String verify;
    private Integer fixAttempts;
    private List<String> fallback;
    private String deliver;

    private SpawnRequest() {
    }

    private String runner;

    public static SpawnRequest prompt(String prompt) {
        SpawnRequest r = new SpawnRequest();
        r.prompt = prompt;
        return r;
    }

    /** A request naming no prompt: only a task file, or nothing at all. */
    public static SpawnRequest noPrompt() {
        return new SpawnRequest();
    }

    public SpawnRequest provider(String name) {
        provider = name;
        return this;
    }

    public SpawnRequest taskFile(String path) {
        taskFile = path;
        return this;
    }

    public SpawnRequest workdir(String path) {
        workdir = path;
        return this;
    }

    public SpawnRequest model(String name) {
        model = name;
        return this;
    }

    public SpawnRequest permissions(Permissions p) {
        permissions = p;
        return this;
    }

    /** worktree=false: the job runs in the checkout itself. */
    public SpawnRequest inPlace() {
        worktree = false;
        return this;
    }

    public SpawnRequest base(String revision) {
        base = revision;
        return this;
    }

    public SpawnRequest files(String... paths) {
        files = List.of(paths);
        return this;
    }

    public SpawnRequest dependsOn(String... ids) {
        dependsOn = List.of(ids);
        return this;
    }

    public SpawnRequest verify(String check, Integer fixes) {
        verify = check;
        fixAttempts = fixes;
        return this;
    }

    public SpawnRequest fallback(String... providers) {
        fallback = List.of(providers);
        return this;
    }

    /** deliver: what becomes of the work once it passed ("pr"). */
    public SpawnRequest deliver(String how) {
        deliver = how;
        return this;
    }

    /** runner: where the agent runs ("local", "kubernetes"). */
    public SpawnRequest runner(String where) {
        runner = where;
        return this;
    }

    public Spawning.Request build() {
        return new Spawning.Request(provider, prompt, taskFile, workdir, model, permissions, null, null, worktree, base,
                files, dependsOn, verify, fixAttempts, fallback, null, deliver, runner);
    }
}
