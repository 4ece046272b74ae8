package dev.bgagents.orchestration.attempts;

import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.core.CheckChoice;
import dev.bgagents.orchestration.core.GroupReading;
import dev.bgagents.orchestration.core.Ids;
import dev.bgagents.orchestration.core.JobFactory;
import dev.bgagents.orchestration.core.MergeService;
import dev.bgagents.orchestration.core.Spawner;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.summary.Redactor;

import java.time.Instant;
import java.util.List;

/**
 * Best of N, the room: the same task run by several providers at once, each in a worktree of its
 * own and checked with the same command ({@link AttemptGroups}); the group ({@code best-…}) is what
 * the host waits on, reads — its attempts ranked ({@link AttemptsSummary}) — and merges, which
 * keeps the winner ({@link AttemptRanking}) and removes the others ({@link AttemptMerge}).
 */
public final class Attempts implements GroupReading {
    private final Spawner spawner;
    private final AttemptGroups groups;
    private final AttemptMerge merges;
    private final Redactor redactor;

    public Attempts(JobRuntime runtime, Spawner spawner, JobFactory factory, CheckChoice checks, Ids ids,
                    MergeService jobMerges, Redactor redactor) {
        this.spawner = spawner;
        this.groups = new AttemptGroups(runtime, spawner, factory, checks);
        this.merges = new AttemptMerge(runtime.store(), ids, jobMerges, factory.bootstrap());
        this.redactor = redactor;
    }

    public Spawning.GroupStarted spawn(Spawning.AttemptsRequest request) {
        return groups.spawn(request, spawner.workdir(request.task().workdir()));
    }

    /** merge_worktree of a group: its winner, then the other attempts go but those kept. */
    public Merging.Outcome merge(Merging.Request request) {
        return merges.merge(request);
    }

    @Override
    public String summary(String group, List<Job> attempts, int maxChars) {
        return AttemptsSummary.render(group, attempts, maxChars, Instant.now(), redactor);
    }

    @Override
    public Job winner(List<Job> attempts) {
        return AttemptRanking.winner(attempts);
    }
}
