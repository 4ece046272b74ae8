package dev.bgagents.orchestration.conflicts;

import dev.bgagents.text.Clip;

import java.util.List;

/**
 * What the agent resolving a conflict is told: which files hold git's markers, what its own side
 * meant (the job's task), what the other side meant (the subjects of the commits the target gained
 * since the two parted, capped), and what counts as done — no marker left, the merge committed,
 * the check passing. A later round is told why the one before did not count.
 */
final class ConflictPrompt {
    /** Commit subjects shown of the target's side; more are counted, not listed. */
    static final int MAX_SUBJECTS = 15;
    private static final int MAX_TASK_CHARS = 2_000;

    private ConflictPrompt() {
    }

    static String render(Resolution r, String task, List<String> theirs, String whyAgain) {
        StringBuilder p = new StringBuilder();
        p.append("Resolve the merge conflicts of ").append(r.into()).append(" into ").append(r.branch())
                .append(" (conflict round ").append(r.round()).append(" of ").append(r.rounds()).append(")\n\n");
        if (whyAgain != null) {
            p.append("The previous round did not resolve it: ").append(whyAgain).append(".\n\n");
        }
        p.append("bg-agents merged ").append(r.into()).append(" (").append(r.target(), 0, 7)
                .append(") into this branch in this worktree; git left conflict markers in:\n");
        r.conflicts().forEach(f -> p.append("- ").append(f).append('\n'));
        p.append("\nThis branch's side — the task it was made for:\n\n").append((task.length() > MAX_TASK_CHARS ? task.substring(0, MAX_TASK_CHARS) + "…" : task))
                .append("\n\nThe other side — what ").append(r.into()).append(" gained since the two parted:\n");
        theirs.stream().limit(MAX_SUBJECTS).forEach(s -> p.append("- ").append(Clip.oneLine(s, 120)).append('\n'));
        if (theirs.size() > MAX_SUBJECTS) {
            p.append("- … and ").append(theirs.size() - MAX_SUBJECTS).append(" more\n");
        }
        p.append("\nKeep what both sides meant. Remove every <<<<<<< ======= >>>>>>> marker, make sure the code "
                + "builds and its tests pass, then commit the merge (git add the files, git commit). Do not abort "
                + "the merge, reset the branch or rewrite its history: a round with markers left, or nothing "
                + "committed, does not count.\n");
        return p.toString();
    }
}
