package dev.bgagents.orchestration.delivery;

import dev.bgagents.config.PullRequestSettings;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Remotes;
import dev.bgagents.git.Workspace;
import dev.bgagents.git.Worktrees;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.core.Summaries;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's branch delivered as a pull request: everything checked first — gh installed, the remote there,
 * the GitHub repository known, the branch and its base plain branch names — so that a refusal pushes
 * nothing; then that branch alone pushed (never forced, never one of the person's branches, their
 * checkout untouched) and a draft pull request opened with {@code gh pr create}, titled from the task
 * and carrying the job's summary. A plan's task is stacked on its dependency: its pull request is
 * based on the branch of the one task it builds on that was delivered so too.
 */
public final class PullRequests {
    /** The record's step name for a delivery, and its outcome when one was opened (its detail: the URL). */
    public static final String STEP = "deliver";
    static final String OPENED = "opened";
    static final String NOT_OPENED = "not opened";
    static final int SUMMARY_CHARS = 4_000;
    static final String NO_GH = "no gh on PATH: install GitHub's CLI (https://cli.github.com; Debian/Ubuntu: apt-get "
            + "install gh) and log in (gh auth login, or GH_TOKEN in the server's environment)";
    private static final Pattern URL = Pattern.compile("https?://[\\w.:@/%+~-]+");
    private static final Pattern EXISTING = Pattern.compile("already exists:?\\s*(https?://\\S+)");
    /** OWNER/REPO at the end of a remote's URL: https://host/o/r(.git), git@host:o/r(.git), ssh://git@host/o/r. */
    private static final Pattern GITHUB_REMOTE = Pattern.compile(
            "^(?:https?://(?:[^@/]+@)?|ssh://(?:[^@/]+@)?|[^@/:]+@)([A-Za-z0-9.-]+)(?::\\d+)?[:/]([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    private final PullRequestSettings settings;
    private final JobStore store;
    private final Summaries summaries;
    private final GitHubCli gh;

    /** {@code serverEnv}: the server's environment, gh found on its PATH and given only its GitHub variables. */
    public PullRequests(PullRequestSettings settings, JobStore store, Summaries summaries,
                        java.util.Map<String, String> serverEnv) {
        this.settings = settings;
        this.store = store;
        this.summaries = summaries;
        this.gh = new GitHubCli(serverEnv);
    }

    /** Refuses, in one line, a project whose work cannot be delivered so: no gh, no remote, no repository. */
    public void ready(Path repo) {
        where(repo);
    }

    /** Where pull requests of {@code repo} go: gh, the remote, the GitHub repository. */
    private record Target(Path gh, String remote, String repository) {
    }

    private Target where(Path repo) {
        Path program = gh.find().orElseThrow(() -> new Refusal(NO_GH));
        String remote = settings.remote();
        String url = Remotes.url(repo, remote);
        if (url == null) {
            throw new Refusal("no git remote \"" + remote + "\" to push to: add one (git remote add " + remote
                    + " URL) or name another in bg-agents.json (\"pr\": {\"remote\": \"…\"})");
        }
        String repository = settings.repo() != null ? settings.repo() : repositoryOf(url)
                .orElseThrow(() -> new Refusal("cannot tell the GitHub repository from remote " + remote + "'s URL: "
                        + "set it in bg-agents.json (\"pr\": {\"repo\": \"OWNER/REPO\"})"));
        return new Target(program, remote, repository);
    }

    /** HOST/OWNER/REPO of a remote URL on a GitHub host, if it is one. */
    static Optional<String> repositoryOf(String url) {
        Matcher m = GITHUB_REMOTE.matcher(url);
        return m.matches() ? Optional.of(m.group(1) + "/" + m.group(2) + "/" + m.group(3)) : Optional.empty();
    }

    /**
     * Opens a pull request of {@code job}'s branch (a job ended well, or ending so) against {@code into},
     * else its dependency's delivered branch, else pr.base, else the branch it started from; recorded in
     * the job's record as a {@value #STEP} step.
     */
    public Merging.PullRequest open(Job job, String into) {
        Workspace w = job.workspace();
        if (w == null) {
            throw new Refusal(job.id() + " ran in place (no worktree): it has no branch of its own to push");
        }
        if (!w.checkedOut()) {
            throw new Refusal(job.id() + " never started, so it has no work to deliver");
        }
        if (w.removed() || !Worktrees.branchExists(w.repo(), w.branch())) {
            throw new Refusal(job.id() + "'s branch " + w.branch() + " is gone"
                    + (w.mergedInto() == null ? "" : " (merged into " + w.mergedInto() + ")") + ": nothing to push");
        }
        if (w.commits().isEmpty()) {
            throw new Refusal(job.id() + " committed nothing on " + w.branch() + ": no pull request to open");
        }
        Target target = where(w.repo());
        Stack stack = stackOf(job);
        String base = into != null ? into : stack.base() != null ? stack.base() : settings.base() != null
                ? settings.base() : w.baseRef();
        if (base == null) {
            throw new Refusal(job.id() + " started from a detached commit: pass into, or set \"pr\": {\"base\": …} "
                    + "in bg-agents.json");
        }
        plainBranch("branch", w.branch());
        plainBranch("base", base);
        try {
            Remotes.push(w.repo(), target.remote(), w.branch());
        } catch (GitException e) {
            throw new Refusal(w.branch() + " not pushed to " + target.remote() + ": " + e.getMessage());
        }
        Created made = create(target, w, base, job, stack);
        store.updateState(job.id(), s -> s.stepEnded(STEP, round(job), Instant.now(), OPENED, made.url()));
        return new Merging.PullRequest(job.id(), w.branch(), base, target.remote(), made.url(), stack.base() != null
                && stack.base().equals(base) ? stack.onJob() : null, made.existing());
    }

    /** The dependency a plan's task is stacked on: the one it builds on whose work went out as a pull request. */
    private record Stack(String base, String onJob, List<String> dependencyUrls) {
    }

    private Stack stackOf(Job job) {
        List<String> urls = new ArrayList<>();
        List<Job> delivered = new ArrayList<>();
        for (String id : job.spec().relations().dependsOn()) {
            store.get(id).ifPresent(d -> opened(d).ifPresent(u -> {
                urls.add(u);
                delivered.add(d);
            }));
        }
        // several: no one branch holds just what this one adds; it goes against the target, naming them
        return delivered.size() == 1 ? new Stack(delivered.get(0).branch(), delivered.get(0).id(), urls)
                : new Stack(null, null, urls);
    }

    /** The pull request a job's record says was opened for it, if any. */
    public static Optional<String> opened(Job job) {
        return job.state().steps().stream().filter(s -> STEP.equals(s.name()) && OPENED.equals(s.outcome()))
                .reduce((a, b) -> b).map(s -> s.said());
    }

    /** What gh answered: the pull request's URL, and whether it was open already. */
    private record Created(String url, boolean existing) {
    }

    private Created create(Target target, Workspace w, String base, Job job, Stack stack) {
        List<String> own = new ArrayList<>();
        own.add("Opened by bg-agents from job " + job.id() + " (" + job.spec().provider() + "), branch " + w.branch() + ".");
        if (!stack.dependencyUrls().isEmpty()) {
            own.add("Builds on " + String.join(", ", stack.dependencyUrls()) + ": merge " + (stack.dependencyUrls().size() == 1
                    ? "that one" : "those") + " first.");
        }
        String body = PullRequestText.body(own, summaries.of(job, SUMMARY_CHARS));
        String title = PullRequestText.title(job.spec().title(), "bg-agents job " + job.id());
        Path bodyFile = null;
        try {
            bodyFile = Files.createTempFile("bg-pr", ".md");
            Files.writeString(bodyFile, body, StandardCharsets.UTF_8);
            List<String> args = new ArrayList<>(List.of("pr", "create", "--repo", target.repository(), "--head",
                    w.branch(), "--base", base, "--title", title, "--body-file", bodyFile.toString()));
            if (settings.draft()) {
                args.add("--draft");
            }
            GitHubCli.Ran ran = gh.run(target.gh(), w.repo(), args);
            Matcher already = EXISTING.matcher(ran.err() + "\n" + ran.out());
            if (ran.exit() != 0 && already.find() && URL.matcher(already.group(1)).matches()) {
                return new Created(already.group(1), true);
            }
            if (ran.exit() != 0) {
                throw new Refusal("gh pr create failed: " + Refusal.clip(ran.lastError()) + " (" + w.branch()
                        + " is pushed to " + target.remote() + "; merge_worktree {as: \"pr\"} tries again)");
            }
            return ran.out().lines().map(String::strip).filter(l -> URL.matcher(l).matches()).reduce((a, b) -> b)
                    .map(u -> new Created(u, false)).orElseThrow(() -> new Refusal("gh pr create answered no URL: " + Refusal.clip(ran.lastError())));
        } catch (IOException e) {
            throw new Refusal("cannot run gh: " + e.getMessage());
        } finally {
            if (bodyFile != null) {
                try {
                    Files.deleteIfExists(bodyFile);
                } catch (IOException ignored) {
                    // a temporary file: the system's clean-up takes it
                }
            }
        }
    }

    private static void plainBranch(String what, String name) {
        if (name.startsWith("-") || !Repository.isValidRefName("refs/heads/" + name)) {
            throw new Refusal(what + " " + Refusal.quoted(name) + " is not a branch name");
        }
    }

    /** The job's latest agent round. */
    private static int round(Job job) {
        return job.state().steps().stream().mapToInt(s -> s.round()).max().orElse(0);
    }
}
