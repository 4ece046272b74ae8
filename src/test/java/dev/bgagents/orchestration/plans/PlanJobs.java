package dev.bgagents.orchestration.plans;

import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Plans and their tasks' jobs built in memory, for unit tests of what reads them (the brief, the summary). */
final class PlanJobs {
    static final String SESSION = "20261201-100000_greeting";
    static final String MERGE = "abcdef0123456789abcdef0123456789abcdef01";

    final Map<String, Job> jobs = new LinkedHashMap<>();

    Function<String, Optional<Job>> lookup() {
        return id -> Optional.ofNullable(jobs.get(id));
    }

    static PlanTask task(int n, String slug, String jobId, boolean review) {
        return new PlanTask("t" + n, n, slug, slug, "code", "claude", null, List.of(), Map.of(), List.of(),
                String.format("tasks/%02d-%s.md", n, slug), 1, jobId, null, null, review, null, null);
    }

    /** A plan of {@code tasks}, {@code perWave} to a wave in their order. */
    static PlanStatus plan(int perWave, PlanTask... tasks) {
        List<List<String>> waves = new ArrayList<>();
        for (int i = 0; i < tasks.length; i += perWave) {
            waves.add(Arrays.stream(tasks).skip(i).limit(perWave).map(PlanTask::id).toList());
        }
        return new PlanStatus(SESSION, "greeting", "Greeting", "/work/repo", JobFixtures.CREATED, waves, List.of(tasks));
    }

    /**
     * A job: {@code how} is a status's wire name, "merged" (succeeded and merged into main), or "running";
     * {@code diffstat} what it changed once ended.
     */
    Job add(String id, String how, String reason, List<String> diffstat) {
        Job base = how.equals("running") ? JobFixtures.running(id)
                : JobFixtures.ended(id, how.equals("merged") ? JobStatus.SUCCEEDED : JobStatus.fromWire(how), reason);
        Workspace w = Workspace.planned(Path.of("/work/repo"), Path.of("/work/wt/" + id), "bg/" + id, "main", List.of())
                .at("0123456789abcdef0123456789abcdef01234567").sealed(List.of(), diffstat);
        if (how.equals("merged")) {
            w = w.merged("main", MERGE);
        }
        Job j = new Job(base.spec(), base.state(), base.report(), w);
        jobs.put(id, j);
        return j;
    }

    /** The same job, verified with {@code make test} whose outcome was {@code outcome}. */
    Job verified(Job j, String outcome) {
        Job v = new Job(JobFixtures.spec(j.id()).verify(new VerifySpec(List.of("make", "test"), "make test", 0, 10)).build(),
                j.state().checked(Verification.checked(null, outcome, outcome.equals(Verification.PASSED) ? 0 : 2, "", 1.5)),
                j.report(), j.workspace());
        jobs.put(j.id(), v);
        return v;
    }

    static JobState nothing() {
        return JobState.queued();
    }
}
