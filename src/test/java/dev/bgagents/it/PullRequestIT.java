package dev.bgagents.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.delivery.Checkout;
import dev.bgagents.orchestration.delivery.GitHubStandIn;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Pull requests over stdio: the packaged server runs the real gh, which reaches a stand-in of GitHub's
 * API on 127.0.0.1 as {@code github.localhost}, and pushes to a real bare remote. A job spawned with
 * deliver "pr" opens its draft once it passed; merge_worktree {as: "pr"} opens one on request; a plan's
 * tasks are stacked on the task each builds on; the person's checkout never changes.
 */
class PullRequestIT {
    private static final String PLAN = """
            # Greeting

            ## Tasks

            1. **Base file**: write base.txt
               Provider: claude
            2. **Second layer**: REQUIRE:base.txt write layer.txt
               Depends on: 1
               Provider: claude
            """;

    private static ServerHarness server(Path dir, GitHubStandIn github) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path remote = Files.createDirectories(dir.resolve("remote.git"));
        EngineFixture.git(remote, "init", "-q", "--bare");
        ServerHarness h = new ServerHarness(project, "\"pr\": {\"remote\": \"origin\", \"repo\": \"own/rep\", \"draft\": true}",
                List.of("bash", ServerHarness.STANDIN.toString()), github.ghEnv(dir));
        h.git("remote", "add", "origin", remote.toString());
        return h.start();
    }

    private static String remoteRefs(Path dir) throws Exception {
        return EngineFixture.git(dir.resolve("remote.git"), "for-each-ref", "--format=%(refname)");
    }

    @Test
    void aJobSpawnedToBeDeliveredOpensItsDraftOnceItPassedAndOnRequestAnotherDoes(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh): .ci/run "
                + "installs it");
        try (GitHubStandIn github = new GitHubStandIn(); ServerHarness h = server(dir, github)) {
            String checkout = Checkout.snapshot(h.project);
            String id = h.spawn("write a.txt", Map.of("worktree", true, "deliver", "pr"));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));

            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("Pull request: https://github.localhost/own/rep/pull/1"), summary);
            JsonNode created = github.created().get(0);
            assertEquals("write a.txt", created.path("title").asText());
            assertEquals("bg/" + id, created.path("headRefName").asText());
            assertEquals("main", created.path("baseRefName").asText());
            assertTrue(created.path("draft").asBoolean());
            assertTrue(created.path("body").asText().contains("a.txt"), created.path("body").asText());
            assertEquals("refs/heads/bg/" + id + "\n", remoteRefs(dir));

            String other = h.spawn("write b.txt", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(other).get("status"));
            McpSchema.CallToolResult pr = h.call("merge_worktree", Map.of("job_id", other, "as", "pr"));
            assertFalse(Boolean.TRUE.equals(pr.isError()), text(pr));
            assertEquals("https://github.localhost/own/rep/pull/2", structured(pr).get("pull_request"));
            assertTrue(text(pr).startsWith("Opened draft pull request https://github.localhost/own/rep/pull/2"), text(pr));
            JsonNode step = new com.fasterxml.jackson.databind.ObjectMapper().readTree(h.jobDir(id).resolve("job.json")
                    .toFile()).path("state").path("steps").findParents("name").stream()
                    .filter(n -> n.path("name").asText().equals("deliver")).findFirst().orElseThrow();
            System.out.println("PR-MEASURE deliver step " + java.time.Duration.between(java.time.Instant.parse(
                    step.path("started_at").asText()), java.time.Instant.parse(step.path("ended_at").asText())).toMillis()
                    + " ms; merge_worktree as=pr answer: text " + text(pr).length() + " chars, structured "
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(structured(pr)).length()
                    + " chars; summary " + summary.length() + " chars");
            McpSchema.CallToolResult bad = h.call("merge_worktree", Map.of("job_id", other, "as", "pr", "dry_run", true));
            assertTrue(bad.isError(), text(bad));

            assertEquals(checkout, Checkout.snapshot(h.project), "the person's checkout is byte-identical");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlansTasksEachOpenADraftStackedOnTheTaskItBuildsOn(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh): .ci/run "
                + "installs it");
        try (GitHubStandIn github = new GitHubStandIn(); ServerHarness h = server(dir, github)) {
            var dec = h.call("decompose_plan", Map.of("plan", PLAN));
            assertFalse(Boolean.TRUE.equals(dec.isError()), text(dec));
            String session = (String) structured(dec).get("session");
            var spawned = h.call("spawn_agent", Map.of("session", session, "deliver", "pr"));
            assertFalse(Boolean.TRUE.equals(spawned.isError()), text(spawned));
            List<String> ids = ((List<Map<String, Object>>) structured(spawned).get("jobs")).stream()
                    .map(j -> (String) j.get("job_id")).toList();
            ids.forEach(id -> assertEquals("succeeded", h.awaitEnd(id).get("status")));

            List<JsonNode> created = github.created();
            assertEquals(2, created.size(), created.toString());
            assertEquals("Base file", created.get(0).path("title").asText());
            assertEquals("main", created.get(0).path("baseRefName").asText());
            assertEquals("Second layer", created.get(1).path("title").asText());
            assertEquals(created.get(0).path("headRefName").asText(), created.get(1).path("baseRefName").asText(),
                    "stacked on the task it builds on");
            assertTrue(created.get(1).path("body").asText().contains("Builds on https://github.localhost/own/rep/pull/1"));
        }
    }
}
