package dev.bgagents.mcp;

import dev.bgagents.text.Clip;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Merger;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.Workspace;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import org.eclipse.jgit.lib.Repository;
import io.modelcontextprotocol.spec.McpSchema;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.Schemas.*;

/**
 * merge_worktree: brings a finished job's branch into the target branch — merge or squash,
 * dry run first if wanted — and refuses, with nothing changed, anything that would lose work.
 */
final class MergeWorktreeTool implements BgTool {
    static final String NAME = "merge_worktree";
    private static final int MAX_LISTED = 30;

    private final ServerContext ctx;

    MergeWorktreeTool(ServerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title("Merge a job's worktree")
                .description("Merge (or squash) a finished job's branch into the target branch. dry_run reports "
                        + "conflicts and changed files without touching anything. A real merge is refused, with "
                        + "nothing changed, when it conflicts or when your uncommitted changes are in files it would "
                        + "touch. After a merge the job's worktree and branch are removed (cleanup).")
                .inputSchema(object(List.of("job_id"),
                        "job_id", string("The job whose branch to merge."),
                        "into", string("Target branch. Default: the branch the job started from."),
                        "strategy", oneOf("merge (default; fast-forward when possible) or squash (one commit).",
                                List.of("merge", "squash")),
                        "dry_run", bool("Only compute the merge: conflicts and changed files; change nothing."),
                        "cleanup", bool("Remove the worktree and the branch after a successful merge (default "
                                + "true); a branch with unmerged work is never deleted.")))
                .outputSchema(openObject(List.of("merged", "files_changed", "conflicts"),
                        "merged", bool("Whether the target now holds the job's work."),
                        "commit", nullableString("The target's new tip."),
                        "into", string("The target branch."),
                        "files_changed", array("Files the merge changes in the target.", string("A path.")),
                        "conflicts", array("Files that conflict.", string("A path.")),
                        "dry_run", bool("Whether this was only a check.")))
                .annotations(McpSchema.ToolAnnotations.builder().title("Merge a job's worktree")
                        .readOnlyHint(false).destructiveHint(true).idempotentHint(false).openWorldHint(false).build())
                .build();
    }

    @Override
    public McpSchema.CallToolResult call(McpSyncServerExchange exchange, ToolArgs args, Object progressToken) {
        Merger.Strategy strategy = args.choice("strategy", List.of("merge", "squash"), "merge").equals("squash")
                ? Merger.Strategy.SQUASH : Merger.Strategy.MERGE;
        boolean dryRun = Boolean.TRUE.equals(args.bool("dry_run"));
        boolean cleanup = !Boolean.FALSE.equals(args.bool("cleanup"));
        String intoArg = args.string("into");
        if (intoArg != null && (intoArg.startsWith("-") || !Repository.isValidRefName("refs/heads/" + intoArg))) {
            throw new BadInput("into " + ServerContext.quoted(intoArg) + " is not a branch name: pass the name of an "
                    + "existing branch (into takes a branch, not a revision)");
        }
        Job job = ctx.job(args.string("job_id"));
        Workspace w = job.workspace();
        if (w == null) {
            throw new BadInput(job.id() + " ran in place (no worktree): its changes are already in "
                    + job.spec().workdir());
        }
        if (w.baseCommit() == null && !job.status().isActive()) {
            throw new BadInput(job.id() + " never started (" + job.status().wire() + " while waiting), so it has no "
                    + "work to merge");
        }
        if (job.status().isActive()) {
            throw new BadInput(job.id() + " is still " + job.status().wire() + ": wait for it (job_status "
                    + "wait=\"any\") before merging");
        }
        ctx.store().all().stream()
                .filter(j -> j.status().isActive() && j.workspace() != null && j.workspace().path().equals(w.path()))
                .findFirst().ifPresent(j -> {
                    throw new BadInput(j.id() + " is still working in this worktree: wait for it before merging");
                });
        String into = intoArg != null ? intoArg : w.baseRef();
        if (into == null) {
            throw new BadInput(job.id() + " started from a detached commit: pass the target branch as into");
        }
        if (w.mergeCommit() != null && !dryRun) {
            return answer(job.id() + " was already merged into " + w.mergedInto() + " (" + w.mergeCommit()
                    .substring(0, 7) + ").", true, w.mergeCommit(), w.mergedInto(), List.of(), List.of(), false);
        }
        String message = (strategy == Merger.Strategy.SQUASH ? "Squash " : "Merge ") + w.branch() + ": "
                + job.spec().title() + "\n\nbg-agents job " + job.id() + " (" + job.spec().provider() + ")";
        Merger.Outcome o;
        try {
            o = Merger.merge(Path.of(w.repo()), w.branch(), into, strategy, dryRun, message);
        } catch (GitException e) {
            throw new BadInput(e.getMessage());
        }
        if (o.refusal() != null) {
            return answer("Not merged: " + o.refusal() + ".", false, null, into, o.filesChanged(), o.conflicts(), dryRun);
        }
        if (dryRun) {
            return answer("Dry run: " + w.branch() + " merges cleanly into " + into + (o.fastForward()
                    ? " (fast-forward)" : "") + ", changing " + count(o.filesChanged()) + ". Nothing was changed.",
                    false, null, into, o.filesChanged(), List.of(), true);
        }
        ctx.store().updateWorkspace(job.id(), ws -> ws.merged(into, o.commit()));
        String after = "";
        if (cleanup) {
            after = " " + JobWorktrees.cleanup(w, into) + ".";
            if (after.contains("removed")) {
                ctx.store().updateWorkspace(job.id(), Workspace::removedNow);
            }
        }
        return answer("Merged " + w.branch() + " into " + into + " as " + o.commit().substring(0, 7)
                + (o.fastForward() ? " (fast-forward)" : strategy == Merger.Strategy.SQUASH ? " (squashed)" : "")
                + ", changing " + count(o.filesChanged()) + "." + after, true, o.commit(), into, o.filesChanged(),
                List.of(), false);
    }

    private static String count(List<String> files) {
        if (files.isEmpty()) {
            return "no files";
        }
        String shown = String.join(", ", files.subList(0, Math.min(5, files.size())));
        return files.size() + " file" + (files.size() == 1 ? "" : "s") + " (" + shown
                + (files.size() > 5 ? ", …" : "") + ")";
    }

    private static McpSchema.CallToolResult answer(String text, boolean merged, String commit, String into,
                                                   List<String> files, List<String> conflicts, boolean dryRun) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("merged", merged);
        s.put("commit", commit);
        s.put("into", into);
        s.put("files_changed", files.subList(0, Math.min(MAX_LISTED, files.size())));
        s.put("conflicts", conflicts);
        s.put("dry_run", dryRun);
        return Answers.ok(Clip.oneLine(text, 600), s);
    }
}
