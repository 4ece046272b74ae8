package dev.bgagents.orchestration.review;

import dev.bgagents.git.BranchPatch;
import dev.bgagents.text.Fence;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

import java.nio.file.Path;
import java.util.List;

/**
 * The prompt a reviewer gets, written by the server (never by the host): the author's task,
 * the branch's diffstat and diff — each clipped, saying how to see the rest — and how to answer,
 * so that the verdict can be read back from the last line. The diffstat's names come escaped
 * ({@code BranchReport}); the diff goes in a fence longer than any run of backticks in it, so
 * nothing in it can close the fence; and no line outside it can pass for one of the prompt's own.
 */
final class ReviewPrompt {
    static final int MAX_TASK_CHARS = 4_000;
    static final int MAX_DIFF_CHARS = 40_000;
    static final int MAX_STAT_LINES = 60;

    /**
     * What the reviewed job left: its id, task and branch, where it is checked out, and its changes.
     *
     * @param tip the commit reviewed, its whole id: the branch as it was when the review began
     */
    record Work(String jobId, String task, String branch, String baseCommit, String tip, Path worktree,
                List<String> diffstat, BranchPatch patch) {
    }

    private ReviewPrompt() {
    }

    static String of(Work w) {
        String range = w.baseCommit() + ".." + w.tip();
        String git = "git -C " + shellWord(w.worktree().toString()) + " diff " + range;
        ServerText t = new ServerText().own("# Review of job " + w.jobId() + " (branch " + w.branch() + ")").own("")
                .own("You are reviewing another agent's work. Do NOT change any file, commit, or run anything that "
                        + "writes to this checkout: read only. You are in its worktree, " + w.worktree()
                        + ", at commit " + w.tip() + ".").own("");
        t.own("## The task it was given").own("");
        // the host's words, headings and all
        clip(Printable.text(w.task().strip()), MAX_TASK_CHARS, "task clipped; the rest is in the job's prompt")
                .lines().forEach(t::own);
        t.own("").own("## What it changed (" + range + ")").own("");
        List<String> stat = w.diffstat();
        stat.subList(0, Math.min(MAX_STAT_LINES, stat.size())).forEach(l -> t.add(l + "\n"));
        if (stat.size() > MAX_STAT_LINES) {
            t.own("… " + (stat.size() - MAX_STAT_LINES) + " more files: " + git + " --stat");
        }
        String diff = diff(w.patch(), git);
        String fence = Fence.around(diff);
        t.own("").own(fence + "diff").add(diff + "\n").own(fence).own("");
        t.own("## How to answer").own("")
                .own("Check that the change does what the task asks, is correct, and breaks nothing (read the code "
                        + "around it; " + git + " shows the whole diff). List your findings as a short markdown list, "
                        + "one line each, most important first (at most 8; none when there is nothing to fix). End "
                        + "your answer with exactly one last line, either")
                .own("").own("VERDICT: approve").own("").own("or").own("").own("VERDICT: changes");
        return t.text();
    }

    /** The diff, escaped and clipped; what is left is counted only when the text is the whole diff. */
    private static String diff(BranchPatch patch, String git) {
        String what = "diff clipped; the whole diff: " + git;
        String text = Printable.text(patch.text());
        if (patch.whole()) {
            return clip(text, MAX_DIFF_CHARS, what);
        }
        return text.substring(0, Math.min(text.length(), MAX_DIFF_CHARS)) + "\n… (" + what + ")";
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
