package dev.bgagents.jobs;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.Usage;
import dev.bgagents.git.Workspace;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Jobs in any state, built in memory for unit tests of what reads them. */
public final class JobFixtures {
    public static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");

    private JobFixtures() {
    }

    public static JobSpecBuilder spec(String id) {
        return JobSpec.builder(id, id.substring(0, id.indexOf('-'))).title("write hello.txt").workdir("/work/repo")
                .command(List.of("claude", "-p"), false).createdAt(CREATED);
    }

    public static Job queued(String id, String... dependsOn) {
        return new Job(spec(id).dependsOn(List.of(dependsOn)).build(), JobState.queued(), null, null);
    }

    public static Job running(String id) {
        return new Job(spec(id).build(), JobState.queued().running(4242, 1, CREATED.plusSeconds(1))
                .activity("sess-1", "Write hello.txt"), null, null);
    }

    /** Running, paused on a question to a person. */
    public static Job waiting(String id) {
        return new Job(spec(id).build(), JobState.queued().running(4242, 1, CREATED.plusSeconds(1))
                .activity("sess-1", "Write hello.txt").waiting(true, "waits for an answer: Bash: rm -rf build (request r1)"),
                null, null);
    }

    public static Job ended(String id, JobStatus status, String reason) {
        JobState s = JobState.queued().running(4242, 1, CREATED.plusSeconds(1)).activity("sess-1", "Write hello.txt")
                .ended(status, status == JobStatus.SUCCEEDED ? 0 : 1, reason, CREATED.plusSeconds(31));
        AgentReport r = new AgentReport(status == JobStatus.SUCCEEDED, reason, "sess-1",
                "Wrote hello.txt.", new Usage(100L, 20L, null, 0.0012), List.of("/work/repo/hello.txt"), List.of(),
                List.of(), 1);
        return new Job(spec(id).build(), s, r, null);
    }

    public static Job withWorkspace(Job j, String branch) {
        Workspace w = Workspace.planned(Path.of("/work/repo"), Path.of("/work/repo/.context/worktrees/" + j.id()),
                branch, "main", List.of()).at("0123456789abcdef0123456789abcdef01234567");
        return new Job(j.spec(), j.state(), j.report(), w);
    }
}
