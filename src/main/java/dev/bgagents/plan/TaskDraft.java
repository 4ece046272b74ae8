package dev.bgagents.plan;

import java.util.List;

/**
 * One task as the plan wrote it, before its dependencies are resolved.
 *
 * @param label      the number the plan gave it ("3" for "3." or "Task 3:"), or null
 * @param body       the task's own markdown, as written (the agent's goal)
 * @param text       the same as plain text, for matching words
 * @param dependsOn  what its "Depends on:" line names, raw; null when it has none, empty for "none"
 * @param files      what its "Files:" line names; null when it has none
 * @param mentioned  file paths quoted in code spans, used as its files when it declares none
 * @param provider   what its "Provider:" line names, or null
 * @param review     its "Review: yes" line: a review job starts when its job succeeds
 * @param runner     what its "Runner:" line names ({@code local}, {@code kubernetes}), or null
 */
public record TaskDraft(String label, String title, String body, String text, List<String> dependsOn,
                        List<String> files, List<String> mentioned, String provider, boolean review,
                        String runner) {
    public TaskDraft {
        dependsOn = dependsOn == null ? null : List.copyOf(dependsOn);
        files = files == null ? null : List.copyOf(files);
        mentioned = mentioned == null ? List.of() : List.copyOf(mentioned);
    }
}
