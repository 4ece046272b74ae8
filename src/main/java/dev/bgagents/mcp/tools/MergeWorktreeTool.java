package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.text.Clip;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Optional;

import static dev.bgagents.mcp.tools.Schemas.*;

/**
 * merge_worktree: brings a finished job's branch into the target branch — merge or squash,
 * dry run first if wanted — and refuses, with nothing changed, anything that would lose work.
 */
public final class MergeWorktreeTool implements BgTool {
    public static final String NAME = "merge_worktree";
    static final String TITLE = "Merge a background job's worktree branch back";
    static final int MAX_LISTED = 30;

    private final Merging merging;

    public MergeWorktreeTool(Merging merging) {
        this.merging = merging;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("Merge a finished background job's worktree branch (job_id; a group: its winner, keep: "
                        + "attempts kept; or a plan's session: its finished tasks in wave order) into the branch it "
                        + "started from (or into), then remove worktree and branch (cleanup=false: kept). "
                        + "Refused, changing nothing, on conflicts or your uncommitted changes in its files; dry_run "
                        + "only checks; require_review: only if a review approved. resolve: an agent resolves conflicts in its "
                        + "worktree, checked, then merged (wait on the job named; provider: who). as=pr: push it "
                        + "and open a draft PR instead.")
                .inputSchema(object(List.of(),
                        "job_id", string(),
                        "session", string(),
                        "into", string(),
                        "strategy", oneOf(null, List.of("merge", "squash")),
                        "dry_run", bool(),
                        "cleanup", bool(),
                        "keep", strings(),
                        "require_review", bool(),
                        "as", oneOf(null, List.of("merge", "pr")),
                        "resolve", bool(),
                        "provider", string()))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("merge the agent's worktree branch back; squash; apply the background work to my branch"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(false).destructiveHint(true).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        if (args.choice("as", List.of("merge", "pr"), "merge").equals("pr")) {
            return pullRequest(args);
        }
        boolean squash = args.choice("strategy", List.of("merge", "squash"), "merge").equals("squash");
        boolean dryRun = Boolean.TRUE.equals(args.bool("dry_run"));
        boolean cleanup = !Boolean.FALSE.equals(args.bool("cleanup"));
        boolean requireReview = Boolean.TRUE.equals(args.bool("require_review"));
        String session = args.string("session");
        if (session != null) {
            if (args.string("job_id") != null || args.strings("keep") != null || args.string("provider") != null) {
                throw new BadInput("session merges a plan's tasks, each conflict resolved by its task's own CLI: pass it "
                        + "without job_id, keep and provider");
            }
            return PlanMergeAnswer.of(merging.mergePlan(new PlanMerge.Request(session, args.string("into"), squash,
                    dryRun, cleanup, requireReview, args.bool("resolve"))));
        }
        return answer(merging.merge(new Merging.Request(args.string("job_id"), args.string("into"), squash, dryRun,
                cleanup, requireReview, args.strings("keep"), args.bool("resolve"), args.string("provider"))));
    }

    private Answer pullRequest(ToolArgs args) {
        for (String k : args.given()) {
            if (!List.of("job_id", "into", "as", "workdir").contains(k)) {
                throw new BadInput("\"" + k + "\" does not go with as=\"pr\": a pull request is opened of the job's branch "
                        + "as it is, and merged on GitHub; drop it");
            }
        }
        return answer(merging.openPullRequest(new Merging.PullRequestRequest(args.string("job_id"), args.string("into"))));
    }

    static Answer answer(Merging.PullRequest pr) {
        String message = (pr.existing() ? "Already open: " : "Opened draft pull request ") + pr.url() + " — "
                + pr.branch() + " into " + pr.base() + (pr.stackedOn() == null ? "" : " (stacked on " + pr.stackedOn()
                + "'s)") + ", pushed to " + pr.remote() + ". Nothing changed in your checkout.";
        return Answer.of(message, new Output(false, Optional.empty(), pr.base(), List.of(), List.of(), null, false,
                message, null, null, null, Optional.empty(), pr.url()));
    }

    static Answer answer(Merging.Outcome o) {
        String text;
        if (o.alreadyMerged()) {
            text = o.jobId() + " was already merged into " + o.into() + " (" + o.commit().substring(0, 7) + ")."
                    + (o.cleanedUp() == null ? "" : " " + o.cleanedUp() + ".");
        } else if (o.resolving() != null) {
            text = "Conflicts in " + count(o.conflicts()) + ": " + o.resolving() + " resolves them in "
                    + o.branch() + "'s worktree (your checkout untouched), then the merge is tried again. Next: "
                    + "job_status {job_ids: [\"" + o.resolving() + "\"], wait: \"all\"}; its summary says if it landed.";
        } else if (o.refusal() != null) {
            text = "Not merged: " + o.refusal() + "." + (o.conflicts().isEmpty() || o.dryRun() ? ""
                    : " Or merge_worktree with resolve: true: an agent resolves them in the job's worktree.");
        } else if (o.dryRun()) {
            text = "Dry run: " + o.branch() + " merges cleanly into " + o.into() + (o.fastForward()
                    ? " (fast-forward)" : "") + ", changing " + count(o.filesChanged()) + ". Nothing was changed.";
        } else {
            text = "Merged " + o.branch() + " into " + o.into() + " as " + o.commit().substring(0, 7)
                    + (o.fastForward() ? " (fast-forward)" : o.squashed() ? " (squashed)" : "")
                    + ", changing " + count(o.filesChanged()) + "." + (o.cleanedUp() == null ? "" : " " + o.cleanedUp() + ".");
        }
        if (!o.leftOut().isEmpty()) {
            text += " Left out " + count(o.leftOut()) + ": the server's state directory is never taken from a branch.";
        }
        if (o.recovered() != null) {
            text = "First " + o.recovered() + ". " + text;
        }
        String message = Clip.oneLine(text, 600);
        return Answer.of(message, new Output(o.merged(), Optional.ofNullable(o.commit()), o.into(),
                o.filesChanged().subList(0, Math.min(MAX_LISTED, o.filesChanged().size())), o.conflicts(),
                o.leftOut().isEmpty() ? null : o.leftOut(), o.dryRun(), message, null, null, null,
                Optional.ofNullable(o.resolving()), null));
    }

    /** What merge_worktree answers. */
    record Output(@Out(value = "Whether the target now holds the job's work.", required = true) boolean merged,
                  @Out("The target's new tip.") Optional<String> commit,
                  @Out("The target branch.") String into,
                  @Out(value = "Files the merge changes in the target.", required = true, items = "A path.")
                  List<String> filesChanged,
                  @Out(value = "Files that conflict.", required = true, items = "A path.") List<String> conflicts,
                  @Out(value = "What the branch changed under .context/ (the server's state), which no merge takes.",
                          items = "A path.") List<String> leftOut,
                  @Out("Whether this was only a check.") boolean dryRun,
                  @Out("What happened, and when nothing did, why and what to do.") String message,
                  @Out("For a plan: its session; message has a line per task.") String session,
                  @Out(value = "For a plan: tasks this call merged.", min = 0, max = 10_000) Integer tasksMerged,
                  @Out("For a plan: the task whose refusal stopped the merge; nothing of it is merged.")
                  String stoppedAt,
                  @Out("The job resolving the conflicts; wait on it: the merge follows when it ends.")
                  Optional<String> resolving,
                  @Out("With as=\"pr\": the pull request's URL.") String pullRequest) {
    }

    private static String count(List<String> files) {
        if (files.isEmpty()) {
            return "no files";
        }
        String shown = String.join(", ", files.subList(0, Math.min(5, files.size())));
        return files.size() + " file" + (files.size() == 1 ? "" : "s") + " (" + shown
                + (files.size() > 5 ? ", …" : "") + ")";
    }
}
