package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.PlanMerge;
import dev.bgagents.orchestration.api.PlanMerge.State;
import dev.bgagents.orchestration.api.PlanMerge.Task;
import dev.bgagents.text.Clip;

import java.util.List;
import java.util.Optional;

/**
 * merge_worktree {session}'s answer: a line per task in wave order — merged (commit, files), would
 * merge or conflict (a dry run), skipped or refused and why — and after a stop, what to do. The
 * lines are the answer (message); the structured part adds the files, the conflicts and the stop.
 */
final class PlanMergeAnswer {
    private static final int FILES_SHOWN = 3;

    private PlanMergeAnswer() {
    }

    static Answer of(PlanMerge.Outcome o) {
        String into = o.into() == null ? "its base" : o.into();
        long merged = o.count(State.MERGED);
        StringBuilder text = new StringBuilder();
        if (o.dryRun()) {
            text.append("Dry run of ").append(o.session()).append(" into ").append(into)
                    .append(", in wave order (nothing changed):");
        } else {
            text.append("Merged ").append(merged).append(" task").append(merged == 1 ? "" : "s").append(" of ")
                    .append(o.session()).append(" into ").append(into).append(", in wave order:");
        }
        for (Task t : o.tasks()) {
            text.append('\n').append(t.stem()).append(t.jobId() == null ? "" : " " + t.jobId()).append(": ")
                    .append(line(t));
        }
        if (o.stoppedAt() != null) {
            text.append("\nStopped at ").append(o.stoppedAt()).append(": nothing of it is merged. Fix it, then "
                    + "merge_worktree {session: \"").append(o.session()).append("\"} again goes on from there.");
        }
        List<String> conflicts = o.tasks().stream().flatMap(t -> t.conflicts().stream()).distinct().toList();
        List<String> files = o.tasks().stream().filter(t -> t.state() == State.MERGED || t.state() == State.WOULD_MERGE)
                .flatMap(t -> t.files().stream()).distinct().limit(MergeWorktreeTool.MAX_LISTED).toList();
        boolean allIn = !o.dryRun() && o.stoppedAt() == null && merged + o.count(State.ALREADY_MERGED) > 0;
        return Answer.of(text.toString(), new MergeWorktreeTool.Output(allIn, Optional.empty(), o.into(), files,
                conflicts, null, o.dryRun(), text.toString(), o.session(), (int) merged, o.stoppedAt()));
    }

    private static String line(Task t) {
        return switch (t.state()) {
            case MERGED -> "merged " + t.commit().substring(0, 7) + " (" + files(t.files()) + ")";
            case ALREADY_MERGED -> "already merged" + (t.commit() == null ? "" : " (" + t.commit().substring(0, 7) + ")");
            case WOULD_MERGE -> "would merge cleanly (" + files(t.files()) + ")";
            case WOULD_CONFLICT -> "would conflict in " + files(t.conflicts());
            case NOT_MERGEABLE -> "not mergeable: " + Clip.oneLine(t.why(), 200);
            case REFUSED -> "refused: " + Clip.oneLine(t.why(), 300);
            case SKIPPED -> "skipped, " + Clip.oneLine(t.why(), 160);
            case NOT_TRIED -> "not tried (after the stop)";
        };
    }

    private static String files(List<String> files) {
        if (files.isEmpty()) {
            return "no files";
        }
        String shown = String.join(", ", files.subList(0, Math.min(FILES_SHOWN, files.size())));
        return files.size() <= FILES_SHOWN ? shown : shown + " +" + (files.size() - FILES_SHOWN) + " more";
    }
}
