package dev.bgagents.orchestration.delivery;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * spawn_agent {deliver: "pr"} on the whole engine: refused before anything is made where no pull request
 * could be opened; and a job whose check failed opens none, its summary saying why. (The step that opens
 * one is driven with a real gh over stdio: PullRequestIT.)
 */
class DeliverOnSpawnTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheRemoteTheSpawnIsRefusedAndNothingIsMade() throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh)");
        try (EngineFixture f = new EngineFixture(dir, "")) {
            List<String> before = f.footprint();
            Refusal e = assertThrows(Refusal.class, () -> f.spawn(SpawnRequest.prompt("work").deliver("pr")));
            assertEquals("no git remote \"origin\" to push to: add one (git remote add origin URL) or name another in "
                    + "bg-agents.json (\"pr\": {\"remote\": \"…\"})", e.getMessage());
            e = assertThrows(Refusal.class, () -> f.spawn(SpawnRequest.prompt("work").deliver("pr").inPlace()));
            assertEquals("deliver: \"pr\" pushes the job's own branch: drop worktree=false", e.getMessage());
            assertEquals(before, f.footprint());
        }
    }

    @Test
    void aJobWhoseCheckFailedOpensNoPullRequestAndSaysWhy() throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh)");
        try (EngineFixture f = new EngineFixture(dir, "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}, "
                + "\"pr\": {\"repo\": \"own/rep\"}")) {
            Path remote = Files.createDirectories(dir.resolve("remote.git"));
            EngineFixture.git(remote, "init", "-q", "--bare");
            f.git("remote", "add", "origin", remote.toString());
            String id = f.spawn(SpawnRequest.prompt("make it pass").verify("unit", 0).deliver("pr"));
            f.agentPid(id);
            f.agentWrites(id, "a.txt", "a\n");
            f.processes.exit(f.agentPid(id), "did it\n", 0);
            f.checkExits(id, "boom\n", 2);
            f.baseCheckExits(id, "fine on the base\n", 0);
            Job end = f.awaitEnd(id);

            assertEquals(JobStatus.FAILED, end.status());
            assertEquals("verification failed: `bash check-me` exited 2", end.state().reason());
            assertTrue(end.state().steps().stream().noneMatch(s -> s.name().equals(PullRequests.STEP)));
            String summary = f.engine.summarizing().markdown(f.job(id), 3000);
            assertTrue(summary.contains("Pull request: none, the job did not pass."), summary);
            assertEquals("", EngineFixture.git(remote, "for-each-ref"), "nothing pushed");
        }
    }

    @Test
    void aTaskThatFellBackToAnotherProviderIsStillDelivered() throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh)");
        try (EngineFixture f = new EngineFixture(dir, "\"pr\": {\"repo\": \"own/rep\"}")) {
            Path remote = Files.createDirectories(dir.resolve("remote.git"));
            EngineFixture.git(remote, "init", "-q", "--bare");
            f.git("remote", "add", "origin", remote.toString());
            String first = f.spawn(SpawnRequest.prompt("write it").provider("claude").fallback("other").deliver("pr"));
            f.agentReplays(first, "fixtures/agent-output/claude-429.stdout.jsonl", 1);
            Job next = f.engine.watching().latest(first);
            assertNotEquals(first, next.id());
            assertEquals("pr", next.spec().deliver());
        }
    }
}
