package dev.bgagents.plan;

import java.util.List;
import java.util.Map;

/**
 * One task of a plan as recorded in {@code status.json}.
 *
 * @param number      its position in the plan, the NN of its files
 * @param dependsOn   ids of the tasks it waits for, with {@code why} saying how each was found
 * @param files       the files it owns (declared, or quoted in its text)
 * @param taskFile    its task file, relative to the plan directory
 * @param jobId       the job running it, once spawned; {@code status} is that job's status
 * @param review      the plan asks for a review once its job succeeds ("Review: yes")
 * @param reviewJob   the review job of its latest run, once started
 * @param runner      where the plan says its agent runs ({@code local}, {@code kubernetes}), or null: the run's
 */
public record PlanTask(String id, int number, String slug, String title, String category, String provider,
                       String providerWhy, List<String> dependsOn, Map<String, String> why, List<String> files,
                       String taskFile, int wave, String jobId, String status, String branch,
                       boolean review, String reviewJob, String runner) {
    public PlanTask {
        dependsOn = List.copyOf(dependsOn);
        why = why == null ? Map.of() : Map.copyOf(why);
        files = List.copyOf(files);
    }

    /** NN-slug: the stem of its task and result files. */
    public String stem() {
        return String.format("%02d-%s", number, slug);
    }

    public PlanTask withJob(String job, String jobStatus, String jobBranch) {
        return new PlanTask(id, number, slug, title, category, provider, providerWhy, dependsOn, why, files, taskFile,
                wave, job, jobStatus, jobBranch == null ? branch : jobBranch, review, reviewJob, runner);
    }

    public PlanTask withReview(String reviewJobId) {
        return new PlanTask(id, number, slug, title, category, provider, providerWhy, dependsOn, why, files, taskFile,
                wave, jobId, status, branch, review, reviewJobId, runner);
    }
}
