package dev.bgagents.orchestration.review;

import dev.bgagents.orchestration.core.ReviewGate;
import dev.bgagents.orchestration.core.ReviewNotes;

import dev.bgagents.orchestration.core.Ids;

import dev.bgagents.orchestration.core.JobFactory;

import dev.bgagents.orchestration.api.Spawning;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.Permissions;
import dev.bgagents.config.Config;
import dev.bgagents.git.BranchPatch;
import dev.bgagents.git.BranchReport;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.providers.Providers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Cross-agent review: a read-only job, by default of another provider than the author's, run in
 * the author's worktree — with none of the configuration the author could have left there (hooks,
 * MCP servers, plugins) — on the server's own prompt (task, diffstat, diff); its verdict is read
 * from its final message, and merge_worktree require_review asks for the latest one.
 */
public final class Reviews implements ReviewGate, ReviewNotes {
    private static final int MAX_PATCH_BYTES = ReviewPrompt.MAX_DIFF_CHARS * 2;

    private final Config config;
    private final Providers providers;
    private final JobFactory factory;
    private final JobStore store;
    private final Ids lookup;

    public Reviews(Config config, Providers providers, JobFactory factory, JobStore store, Ids lookup) {
        this.config = config;
        this.providers = providers;
        this.factory = factory;
        this.store = store;
        this.lookup = lookup;
    }

    /** A review job just submitted, and what the host should know of it. */
    public record Begun(Job job, List<String> notes) {
    }

    /** The review job started (or queued) for {@code r.jobId()}. */
    public Begun start(Spawning.ReviewRequest r) {
        Job author = store.refresh(lookup.job(r.jobId()).id());
        Workspace w = reviewable(author);
        active(author.id()).ifPresent(a -> {
            throw new Refusal(author.id() + " is being reviewed by " + a.id() + " already: wait for it (job_status "
                    + "wait=\"any\")");
        });
        List<String> notes = new ArrayList<>();
        String provider = r.provider();
        if (provider == null || provider.isBlank() || provider.equals("auto")) {
            provider = providers.reviewer(author.spec().provider()).orElseThrow(() -> new Refusal(
                    "no agent CLI is installed to review with: install one (bg-agents doctor)"));
            notes.add(provider.equals(author.spec().provider()) ? "no other provider installed: " + provider
                    + " reviews its own work" : provider + " reviews " + author.spec().provider() + "'s work");
        }
        String model = JobFactory.checkedModel(r.model());
        // the review is of the branch's commit now, by its whole id: what an approval lets merge_worktree take
        BranchReport now = report(w);
        String prompt = ReviewPrompt.of(new ReviewPrompt.Work(author.id(), task(author), w.branch(), w.baseCommit(),
                now.tip(), w.path(), now.files(), patch(w, now.tip())));
        double timeout = r.timeoutMinutes() != null ? r.timeoutMinutes() : config.timeoutMinutes();
        double stall = r.stallMinutes() != null ? r.stallMinutes() : config.stallMinutes();
        // the author controls every file of its worktree: the reviewer's CLI loads no configuration from it
        Job job = factory.draft(factory.resolve(provider).cli().name(), prompt, w.path()).env(gitOf(w))
                .spec(b -> b.model(model).permissions(Permissions.READ_ONLY.wire()).untrustedWorkdir(true)
                        .limits(timeout, stall).reviewOf(author.id()).reviewedCommit(now.tip())
                        // a plan task's review shows in the plan's summary
                        .planTask(author.spec().relations().plan(), author.spec().relations().planTask())).submit();
        return new Begun(job, notes);
    }

    /** The worktree of a job whose work can be reviewed now, or a refusal saying why not. */
    private Workspace reviewable(Job author) {
        String id = author.id();
        if (author.spec().relations().reviewOf() != null) {
            throw new Refusal(id + " is itself a review (of " + author.spec().relations().reviewOf() + "): review_of takes the "
                    + "job that did the work");
        }
        if (author.status().isActive()) {
            throw new Refusal(id + " is still " + author.status().wire() + ": wait for it (job_status wait=\"any\") "
                    + "before reviewing it");
        }
        Workspace w = author.workspace();
        if (w == null) {
            throw new Refusal(id + " ran in place (no worktree or branch): there is no branch to review");
        }
        if (!w.checkedOut()) {
            throw new Refusal(id + " never started (" + author.status().wire() + "), so it has nothing to review");
        }
        if (w.mergeCommit() != null) {
            throw new Refusal(id + " was merged into " + w.mergedInto() + " already: review that branch instead");
        }
        if (w.removed() || !Files.isDirectory(w.path())) {
            throw new Refusal(id + "'s worktree was removed: there is nothing left to review");
        }
        if (w.diffstat().isEmpty()) {
            throw new Refusal(id + " changed no files on " + w.branch() + ": nothing to review");
        }
        return w;
    }

    private String task(Job author) {
        try {
            return Files.readString(store.files(author.id()).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return author.spec().title() + "\n(the whole task could not be read: " + e.getMessage() + ")";
        }
    }

    /**
     * The reviewer's git, told where the author's worktree's git directory is: the {@code .git} file
     * in the worktree is the author's to rewrite, and a git directory it names could run the
     * author's code (core.fsmonitor, diff.external) from the git calls a reviewer CLI makes there.
     */
    private static java.util.Map<String, String> gitOf(Workspace w) {
        try {
            return java.util.Map.of("GIT_DIR", Worktrees.gitDirOf(w).toString(), "GIT_WORK_TREE", w.path().toString());
        } catch (GitException e) {
            throw new Refusal("cannot review " + w.branch() + ": " + e.getMessage());
        }
    }

    private static BranchReport report(Workspace w) {
        try {
            return BranchReport.of(w.repo(), w.baseCommit(), w.branch());
        } catch (GitException e) {
            throw new Refusal("cannot read " + w.branch() + ": " + e.getMessage());
        }
    }

    private static BranchPatch patch(Workspace w, String tip) {
        try {
            return BranchPatch.at(w.repo(), w.baseCommit(), tip, MAX_PATCH_BYTES);
        } catch (GitException e) {
            throw new Refusal("cannot read the diff of " + w.branch() + ": " + e.getMessage());
        }
    }

    /** The review of {@code authorId} running or queued now, if any. */
    @Override
    public Optional<Job> active(String authorId) {
        return reviewsOf(authorId).filter(j -> j.status().isActive()).findFirst();
    }

    /** The review of {@code authorId} that ended last, if any. */
    public Optional<Job> latest(String authorId) {
        return reviewsOf(authorId).filter(j -> j.status().isTerminal())
                .max(Comparator.comparing(j -> j.state().endedAt() != null ? j.state().endedAt() : Instant.EPOCH));
    }

    /**
     * merge_worktree require_review: a refusal unless the latest finished review approves and the
     * branch is still at the commit it reviewed; that commit's whole id, which the merge must take.
     */
    @Override
    public String requireApproval(Job author) {
        Optional<Job> running = active(author.id());
        Optional<Job> last = latest(author.id());
        if (last.isEmpty()) {
            throw new Refusal(author.id() + " has " + (running.isPresent() ? "no finished review yet (" + running.get()
                    .id() + " is " + running.get().status().wire() + "): wait for it"
                    : "no review: spawn_agent {review_of: \"" + author.id() + "\"} first"));
        }
        Job review = last.get();
        ReviewVerdict v = ReviewVerdict.of(review).orElseThrow();
        if (!v.approves()) {
            String why = review.status() != JobStatus.SUCCEEDED ? review.status().wire() + " without a verdict"
                    : v.verdict() == ReviewVerdict.Verdict.CHANGES ? "verdict " + v.brief()
                    : "no clear verdict: " + v.doubt();
            throw new Refusal("the latest review of " + author.id() + " (" + review.id() + ") does not approve ("
                    + why + "): read_summary {job_id: \"" + review.id() + "\"}, fix, then review again");
        }
        // the approval is of one commit, by its whole id: a commit since (a reviewer's, a resume's) or a look-alike
        // put in its place (same subject, same counts, same abbreviation) is unreviewed
        String reviewed = review.spec().relations().reviewedCommit();
        if (reviewed == null) {
            throw new Refusal(review.id() + " has no record of the commit it reviewed (a review from before bg-agents "
                    + "kept one): spawn_agent {review_of: \"" + author.id() + "\"} to review it again");
        }
        Workspace w = author.workspace();
        String now;
        try {
            now = BranchReport.tip(w.repo(), w.branch());
        } catch (GitException e) {
            throw new Refusal("cannot read " + w.branch() + " to check it is what was reviewed: " + e.getMessage());
        }
        if (!now.equals(reviewed)) {
            throw new Refusal(w.branch() + " has changed since " + review.id() + " reviewed " + author.id()
                    + " (it is at " + now + ", the review was of " + reviewed + "): spawn_agent {review_of: \""
                    + author.id() + "\"} to review it as it is");
        }
        return reviewed;
    }

    private java.util.stream.Stream<Job> reviewsOf(String authorId) {
        return store.all().stream().filter(j -> authorId.equals(j.spec().relations().reviewOf()));
    }

    @Override
    public String brief(Job job) {
        if (job.spec().relations().reviewOf() != null) {
            return ReviewVerdict.of(job).map(ReviewVerdict::brief).orElse(null);
        }
        return latest(job.id()).map(r -> r.id() + " " + ReviewVerdict.of(r).orElseThrow().brief()).orElse(null);
    }
}
