package dev.bgagents.orchestration;

import dev.bgagents.git.BranchPatch;

import java.nio.file.Path;
import java.util.List;

/**
 * The prompt a reviewer gets, written by the server (never by the host): the author's task,
 * the branch's diffstat and diff — each clipped, saying how to see the rest — and how to answer,
 * so that the verdict can be read back from the last line.
 */
final class ReviewPrompt {
    static final int MAX_TASK_CHARS = 4_000;
    static final int MAX_DIFF_CHARS = 40_000;
    static final int MAX_STAT_LINES = 60;

    /** What the reviewed job left: its id, task and branch, where it is checked out, and its changes. */
    record Work(String jobId, String task, String branch, String baseCommit, Path worktree, List<String> diffstat,
                BranchPatch patch) {
    }

    private ReviewPrompt() {
    }

    static String of(Work w) {
        String range = w.baseCommit() + ".." + w.branch();
        String git = "git -C " + shellWord(w.worktree().toString()) + " diff " + range;
        StringBuilder b = new StringBuilder();
        b.append("# Review of job ").append(w.jobId()).append(" (branch ").append(w.branch()).append(")\n\n")
                .append("You are reviewing another agent's work. Do NOT change any file, commit, or run anything that "
                        + "writes to this checkout: read only. You are in its worktree, ")
                .append(w.worktree()).append(".\n\n");
        b.append("## The task it was given\n\n").append(clip(w.task().strip(), MAX_TASK_CHARS,
                "task clipped; the rest is in the job's prompt")).append("\n\n");
        b.append("## What it changed (").append(range).append(")\n\n");
        List<String> stat = w.diffstat();
        stat.subList(0, Math.min(MAX_STAT_LINES, stat.size())).forEach(l -> b.append(l).append('\n'));
        if (stat.size() > MAX_STAT_LINES) {
            b.append("… ").append(stat.size() - MAX_STAT_LINES).append(" more files: ").append(git)
                    .append(" --stat\n");
        }
        b.append("\n```diff\n").append(diff(w.patch(), git)).append("\n```\n\n");
        b.append("## How to answer\n\n")
                .append("Check that the change does what the task asks, is correct, and breaks nothing (read the "
                        + "code around it; ")
                .append(git).append(" shows the whole diff). List your findings as a short markdown list, one "
                        + "line each, most important first (at most 8; none when there is nothing to fix). End your "
                        + "answer with exactly one last line, either\n\nVERDICT: approve\n\nor\n\nVERDICT: changes\n");
        return b.toString();
    }

    /** The diff, clipped; what is left is counted only when the text is the whole diff. */
    private static String diff(BranchPatch patch, String git) {
        String what = "diff clipped; the whole diff: " + git;
        if (patch.whole()) {
            return clip(patch.text(), MAX_DIFF_CHARS, what);
        }
        return patch.text().substring(0, Math.min(patch.text().length(), MAX_DIFF_CHARS)) + "\n… (" + what + ")";
    }

    private static String clip(String text, int max, String what) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, max) + "\n… (" + (text.length() - max) + " more characters: " + what + ")";
    }

    /** A path as one shell word, quoted only when it needs to be. */
    static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
