package dev.bgagents.runtime;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Jobs on a cluster take no slot of this machine; each provider's are capped by its rate limit instead. */
class RemoteCapsTest {
    private static Job queued(String id, String provider, String runner) {
        JobSpec spec = JobSpec.builder(id, provider).runner(runner).build();
        return new Job(spec, JobState.queued(), null, null);
    }

    @Test
    void aFullMachineStillStartsRemoteJobsUpToTheirProvidersCap() {
        List<Job> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(queued("k" + i, "claude", "kubernetes"));
        }
        all.add(queued("c0", "codex", "kubernetes"));
        all.add(queued("l0", "claude", null));
        List<Job> start = JobQueue.startable(all, id -> true, Set.of(), 6, 6, id -> Optional.empty(),
                Map.of("claude", 3));
        assertEquals(List.of("k0", "k1", "k2", "c0"), start.stream().map(Job::id).toList(),
                "three of claude's (its cap), codex's (the default cap), and no local one: its six slots are busy");
    }
}
