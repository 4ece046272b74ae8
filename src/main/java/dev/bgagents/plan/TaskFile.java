package dev.bgagents.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A task file: what an agent starting cold needs — background, goal, the files it owns and the
 * ones it must leave alone, what it builds on, constraints, the expected output, and the check
 * to run before finishing.
 */
final class TaskFile {
    /** Background longer than this is cut; the whole plan is in the session directory. */
    static final int MAX_CONTEXT_CHARS = 6000;
    private static final int MAX_LISTED = 25;

    private TaskFile() {
    }

    static String render(PlanStatus plan, PlanTask task, String goal, String context, String verify) {
        StringBuilder md = new StringBuilder();
        md.append("# Task ").append(String.format("%02d", task.number())).append(": ").append(task.title()).append("\n\n");
        md.append("Plan `").append(plan.session()).append("`");
        if (plan.title() != null) {
            md.append(" (").append(plan.title()).append(")");
        }
        md.append(", wave ").append(task.wave()).append(" of ").append(plan.waves().size()).append(". You are one of ")
                .append(plan.tasks().size()).append(" agents working on this plan, each in its own git worktree.\n\n");
        if (context != null && !context.isBlank()) {
            md.append("## Background\n\n");
            if (context.length() > MAX_CONTEXT_CHARS) {
                md.append(context, 0, MAX_CONTEXT_CHARS).append("\n\n(The rest of the background is in the plan: ")
                        .append(".context/impl/").append(plan.session()).append("/plan.md.)\n\n");
            } else {
                md.append(context.strip()).append("\n\n");
            }
        }
        md.append("## Goal\n\n").append(goal.strip()).append("\n\n");
        md.append("## Files\n\n");
        if (task.files().isEmpty()) {
            md.append("The plan names no files for this task: keep your changes to what the goal needs.\n");
        } else {
            md.append("You own: ").append(list(task.files())).append(".\n");
        }
        Set<String> others = new LinkedHashSet<>();
        for (PlanTask t : plan.tasks()) {
            if (!t.id().equals(task.id())) {
                t.files().stream().filter(f -> !task.files().contains(f)).forEach(others::add);
            }
        }
        if (!others.isEmpty()) {
            md.append("Do not touch (other tasks own them): ").append(list(new ArrayList<>(others))).append(".\n");
        }
        md.append('\n');
        if (!task.dependsOn().isEmpty()) {
            md.append("## Builds on\n\n");
            for (String d : task.dependsOn()) {
                plan.task(d).ifPresent(t -> md.append("- Task ").append(String.format("%02d", t.number())).append(": ")
                        .append(t.title()).append('\n'));
            }
            md.append("\nTheir work is already in your worktree: read it, build on it, do not redo it.\n\n");
        }
        md.append("## Constraints\n\n")
                .append("- Work only inside your working directory; do not push, and do not switch branches.\n")
                .append("- Change only what this task needs; leave other tasks' files as they are.\n")
                .append("- Follow the conventions of the code around you; add no new dependency unless the goal asks.\n")
                .append("- Never write secrets (keys, tokens, passwords) into files or your messages.\n\n");
        md.append("## Expected output\n\n")
                .append("The change itself, committed or left in the worktree (bg-agents commits what you leave). ")
                .append("End with a short report: what you changed and why, the files, the commands you ran and ")
                .append("their results, and anything left undone or uncertain.\n\n");
        md.append("## Verify before you finish\n\n");
        if (verify != null) {
            md.append("Run `").append(verify).append("` and fix what fails. ");
        } else {
            md.append("Run the project's build and tests (find how in its README or build files) and fix what fails. ");
        }
        md.append("Say in your report whether it passed.\n");
        return md.toString();
    }

    private static String list(List<String> files) {
        List<String> shown = files.subList(0, Math.min(MAX_LISTED, files.size()));
        String s = String.join(", ", shown.stream().map(f -> "`" + f + "`").toList());
        return files.size() > MAX_LISTED ? s + " and " + (files.size() - MAX_LISTED) + " more" : s;
    }
}
