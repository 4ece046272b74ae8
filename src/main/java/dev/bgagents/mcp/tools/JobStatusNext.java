package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What job_status says after its list of jobs: what to call next — wait again, answer a job
 * that waits on a person, read what ended — as a sentence for the text and as the answer's
 * {@code next}.
 *
 * @param text what follows the list in the text (empty when nothing does)
 * @param next what to call next, or null when there is nothing to do
 */
record JobStatusNext(String text, String next) {
    /**
     * For the jobs listed ({@code list}) after a wait for {@code wait}; {@code met}: its condition held;
     * {@code capped}: the timeout asked for was above the cap.
     */
    static JobStatusNext of(List<Job> list, String wait, boolean met, int timeout, boolean capped) {
        StringBuilder text = new StringBuilder();
        String next = null;
        if (!met) {
            text.append("Still running after ").append(timeout).append(" s (a wait is capped at ")
                    .append(JobStatusTool.MAX_WAIT_SECONDS)
                    .append(" s to stay under host tool timeouts): call job_status wait=\"").append(wait).append("\" again.");
            next = "still running: call job_status wait=\"" + wait + "\" again";
            if (waiting(list) != null) {
                // a wait for all does not return for a question, but its answer must not hide one
                next = "resume_session {job_id: \"" + waiting(list).id() + "\", answer: \"allow\"} (or \"deny\"), then " + next;
                text.append(' ').append(waiting(list).id()).append(" waits for an answer meanwhile: ").append(next).append('.');
            }
        } else if (capped) {
            text.append("(timeout_seconds is capped at ").append(JobStatusTool.MAX_WAIT_SECONDS).append(")");
        } else if (waiting(list) != null) {
            Job w = waiting(list);
            next = "resume_session {job_id: \"" + w.id() + "\", answer: \"allow\"} (or \"deny\", with a prompt saying why)";
            text.append(w.id()).append(" waits for an answer").append("any".equals(wait) ? " (a wait=any returns for that too)" : "")
                    .append(": ask the person, then ").append(next).append('.');
        } else {
            List<String> unread = list.stream().filter(j -> j.status().isTerminal() && !j.state().summaryRead())
                    .map(Job::id).toList();
            if (!unread.isEmpty()) {
                text.append("read_summary {job_id: \"").append(unread.get(0)).append("\"} gives its result")
                        .append(unread.size() > 1 ? "; likewise each ended one." : ".");
                // attempts of a best-of-N group are read together, ranked, under the group's id
                String group = list.stream().filter(j -> j.id().equals(unread.get(0))).findFirst()
                        .map(j -> j.spec().relations().group()).orElse(null);
                boolean groupEnded = group != null && list.stream().filter(j -> group.equals(j.spec().relations().group()))
                        .allMatch(j -> j.status().isTerminal());
                String plan = endedPlan(list, unread);
                next = plan != null ? "read_summary {session: \"" + plan + "\"} (a line per task), then merge_worktree "
                        + "{session: \"" + plan + "\"} (its finished tasks in wave order)"
                        : groupEnded ? "read_summary {job_id: \"" + group + "\"} (its attempts ranked)"
                        : "read_summary {job_id: \"" + unread.get(0) + "\"}" + (unread.size() > 1 ? " (and the other ended ones)" : "");
            } else if (list.isEmpty()) {
                next = "spawn_agent starts one";
            }
        }
        return new JobStatusNext(text.toString(), next);
    }

    /** The first job waiting on a person, or null. */
    private static Job waiting(List<Job> list) {
        return list.stream().filter(j -> j.status() == JobStatus.WAITING).findFirst().orElse(null);
    }

    /** The plan every unread ended job belongs to, once all its listed jobs have ended; else null. */
    private static String endedPlan(List<Job> list, List<String> unread) {
        Set<String> plans = new HashSet<>();
        list.stream().filter(j -> unread.contains(j.id())).forEach(j -> plans.add(String.valueOf(j.spec().relations().plan())));
        String plan = plans.size() == 1 ? plans.iterator().next() : "null";
        boolean ended = list.stream().filter(j -> plan.equals(j.spec().relations().plan())).allMatch(j -> j.status().isTerminal());
        return plan.equals("null") || !ended ? null : plan;
    }
}
