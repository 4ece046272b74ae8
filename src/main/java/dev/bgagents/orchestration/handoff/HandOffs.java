package dev.bgagents.orchestration.handoff;

import dev.bgagents.git.BranchPatch;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.JobFactory;
import dev.bgagents.orchestration.core.Spawner;
import dev.bgagents.orchestration.core.WorkspaceProvisioner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * spawn_agent {continue_from}: an ended job's worktree and branch go on with another CLI — a new job,
 * same directory and branch, its record saying which job it continues — told the task, the previous
 * agent's last message and the diff against the base ({@link HandOffPrompt}). Refused in one line, with
 * nothing made, when there is no work to go on with or someone still works on it. The worktree stays
 * while the new job uses it: a merge and the clean-up skip a worktree an active job works in.
 */
public final class HandOffs {
    private static final int MAX_PATCH_BYTES = 64 * 1024;

    private final JobFactory factory;
    private final Ids ids;
    private final JobStore store;
    private final Spawner spawner;

    public HandOffs(JobFactory factory, Ids ids, JobStore store, Spawner spawner) {
        this.factory = factory;
        this.ids = ids;
        this.store = store;
        this.spawner = spawner;
    }

    public Spawning.Started start(Spawning.HandOffRequest r) {
        if (r.provider() == null || r.provider().isBlank()) {
            throw new Refusal("missing \"provider\": name the CLI that goes on with " + r.jobId());
        }
        // a job whose task fell back: the work to go on with is in the chain's last job's worktree
        Job earlier = FallbackChain.last(store, store.refresh(ids.job(r.jobId()).id()));
        if (earlier.status().isActive()) {
            throw new Refusal(earlier.id() + " is still " + earlier.status().wire() + ": wait for it (job_status "
                    + "wait=\"any\") or cancel it before handing it over");
        }
        Workspace w = earlier.workspace();
        if (w == null) {
            throw new Refusal(earlier.id() + " ran in place (no worktree): there is no branch to go on with; spawn "
                    + "a new job");
        }
        if (!w.checkedOut()) {
            throw new Refusal(earlier.id() + " never started: spawn a new job instead");
        }
        if (w.mergeCommit() != null) {
            throw new Refusal(earlier.id() + " was merged into " + w.mergedInto() + ": its work is there; spawn a new job");
        }
        if (w.removed() || !Files.isDirectory(w.path())) {
            throw new Refusal(earlier.id() + "'s worktree is gone: spawn a new job");
        }
        WorkspaceProvisioner.activeIn(store, w.path()).ifPresent(j -> {
            throw new Refusal(earlier.id() + " is already " + (earlier.id().equals(j.spec().relations().continuedFrom())
                    ? "continued by " : "worked on by ") + j.id() + ", still " + j.status().wire()
                    + ": wait for it, then hand that one over");
        });
        if (r.prompt() != null && r.prompt().getBytes(StandardCharsets.UTF_8).length > Spawner.MAX_PROMPT_BYTES) {
            throw new Refusal("prompt is larger than 4 MB: put the material in files and point the agent at them");
        }
        String provider = factory.resolve(r.provider()).cli().name();
        String model = JobFactory.checkedModel(r.model());
        String prompt = HandOffPrompt.of(earlierWork(earlier, w), r.prompt());
        JobSpec was = earlier.spec();
        double timeout = r.timeoutMinutes() != null ? r.timeoutMinutes() : was.limits().timeoutMinutes();
        double stall = r.stallMinutes() != null ? r.stallMinutes() : was.limits().stallMinutes();
        Job job = factory.draft(provider, prompt, Path.of(was.workdir())).workspace(w.continued())
                .spec(b -> b.model(model).permissions(was.run().permissions()).limits(timeout, stall)
                        .planTask(was.relations().plan(), was.relations().planTask()).verify(was.verify())
                        .continuedFrom(earlier.id()).deliver(was.deliver()).budgets(was.limits().budget(), null))
                .submit();
        return spawner.started(job, List.of("continues " + earlier.id() + " (" + was.provider() + ") on " + w.branch()));
    }

    private HandOffPrompt.Earlier earlierWork(Job earlier, Workspace w) {
        Job first = firstOf(earlier);
        String task;
        try {
            task = Files.readString(store.files(first.id()).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refusal("cannot read the task of " + first.id() + ": " + e.getMessage());
        }
        BranchPatch patch;
        try {
            patch = BranchPatch.of(w.repo(), w.baseCommit(), w.branch(), MAX_PATCH_BYTES);
        } catch (GitException e) {
            throw new Refusal("cannot read " + earlier.id() + "'s diff: " + e.getMessage());
        }
        String message = earlier.report() == null ? null : earlier.report().finalMessage();
        return new HandOffPrompt.Earlier(earlier.id(), earlier.spec().provider(), first.spec().title(), task, message,
                w.branch(), w.baseCommit(), w.path().toString(), w.diffstat(), patch);
    }

    /** The job that was given the task: back through hand-offs, resumes and fallbacks. */
    private Job firstOf(Job job) {
        Job j = job;
        for (int hops = 0; hops < 1000; hops++) {
            var rel = j.spec().relations();
            String before = rel.continuedFrom() != null ? rel.continuedFrom() : rel.resumeOf() != null ? rel.resumeOf()
                    : rel.fallbackOf();
            Job prior = before == null ? null : store.get(before).orElse(null);
            if (prior == null) {
                return j;
            }
            j = prior;
        }
        return j;
    }
}
