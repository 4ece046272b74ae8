package dev.bgagents.orchestration.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.PullRequestSettings;
import dev.bgagents.jobs.Job;
import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.EngineTest;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.core.Summaries;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A job's branch delivered as a pull request by the real gh, against a real bare remote and a stand-in
 * of GitHub's API: what gh sent (title, body, base, head, draft), what reached the remote, and that the
 * person's checkout did not change; refusals that push nothing; hostile titles and bodies made inert,
 * passed as arguments, to a gh whose environment holds no secret but the GitHub token.
 */
class PullRequestsTest extends EngineTest {
    private static final PullRequestSettings SETTINGS = new PullRequestSettings("origin", null, true, "own/rep");
    private GitHubStandIn github;
    private Path remote;

    @BeforeEach
    void remoteAndApi() throws Exception {
        Assumptions.assumeTrue(GitHubStandIn.ghInstalled(), "gh is not installed here (apt-get install gh): "
                + "the pull request tests need the real one; .ci/run installs it");
        github = new GitHubStandIn();
        remote = dir.resolve("remote.git");
        EngineFixture.git(Files.createDirectories(remote), "init", "-q", "--bare");
        f.git("remote", "add", "origin", remote.toString());
    }

    @org.junit.jupiter.api.AfterEach
    void stopApi() {
        if (github != null) {
            github.close();
        }
    }

    private PullRequests pullRequests(Map<String, String> env) {
        return new PullRequests(SETTINGS, f.engine.store(), new Summaries(new Redactor(Map.of()), SummaryPart.NONE), env);
    }

    private String remoteRefs() throws Exception {
        return EngineFixture.git(remote, "for-each-ref", "--format=%(refname) %(objectname)");
    }

    @Test
    void pushesTheJobsBranchAloneAndOpensADraftTitledFromTheTaskWithItsSummaryLeavingTheCheckoutAsItWas()
            throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        String checkout = Checkout.snapshot(f.project);

        Merging.PullRequest pr = pullRequests(github.serverEnv(dir)).open(job, null);

        assertEquals("https://github.localhost/own/rep/pull/1", pr.url());
        assertEquals("main", pr.base());
        JsonNode created = github.created().get(0);
        assertEquals("write a.txt", created.path("title").asText());
        assertEquals("bg/" + job.id(), created.path("headRefName").asText());
        assertEquals("main", created.path("baseRefName").asText());
        assertTrue(created.path("draft").asBoolean());
        String body = created.path("body").asText();
        assertTrue(body.startsWith("Opened by bg-agents from job " + job.id() + " (agent), branch bg/" + job.id()), body);
        assertTrue(body.contains("a.txt"), "the summary's files: " + body);
        String tip = f.git("rev-parse", "bg/" + job.id()).strip();
        assertEquals("refs/heads/bg/" + job.id() + " " + tip + "\n", remoteRefs(), "that branch alone");
        assertEquals(checkout, Checkout.snapshot(f.project), "the person's checkout is byte-identical");
        assertEquals(pr.url(), PullRequests.opened(f.job(job.id())).orElseThrow(), "on the job's record");

        Merging.PullRequest again = pullRequests(github.serverEnv(dir)).open(f.job(job.id()), null);
        assertTrue(again.existing(), "open already: answered with its URL");
        assertEquals(pr.url(), again.url());
        assertEquals(1, github.created().size());
    }

    @Test
    void aTaskIsStackedOnTheOneDependencyWhosePullRequestWasOpened() throws Exception {
        Job first = f.succeededWriting("a.txt", "a\n");
        PullRequests prs = pullRequests(github.serverEnv(dir));
        prs.open(first, null);
        String second = f.spawn(SpawnRequest.prompt("build on it").dependsOn(first.id()));
        f.agentPid(second);
        f.agentWrites(second, "b.txt", "b\n");
        Job ended = f.agentExits(second, "wrote b.txt\n", 0);

        Merging.PullRequest pr = prs.open(ended, null);

        assertEquals(first.branch(), pr.base());
        assertEquals(first.id(), pr.stackedOn());
        JsonNode created = github.created().get(1);
        assertEquals(first.branch(), created.path("baseRefName").asText());
        assertTrue(created.path("body").asText().contains("Builds on https://github.localhost/own/rep/pull/1"));
    }

    @Test
    void withoutGhOrWithoutTheRemoteItIsRefusedInOneLineAndNothingIsPushed() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        Map<String, String> noGh = new HashMap<>(github.serverEnv(dir));
        noGh.put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
        Refusal e = assertThrows(Refusal.class, () -> pullRequests(noGh).open(job, null));
        assertEquals(PullRequests.NO_GH, e.getMessage());

        f.git("remote", "remove", "origin");
        e = assertThrows(Refusal.class, () -> pullRequests(github.serverEnv(dir)).open(job, null));
        assertEquals("no git remote \"origin\" to push to: add one (git remote add origin URL) or name another in "
                + "bg-agents.json (\"pr\": {\"remote\": \"…\"})", e.getMessage());
        assertEquals("", remoteRefs());
        assertEquals(List.of(), github.calls());
    }

    @Test
    void aBranchSomeoneElseMovedOnTheRemoteIsNeverForcedOver() throws Exception {
        Job job = f.succeededWriting("a.txt", "a\n");
        // someone pushed other work to the same branch name
        String theirs = f.git("commit-tree", "-m", "theirs", f.git("rev-parse", "main^{tree}").strip()).strip();
        f.git("push", "-q", "origin", theirs + ":refs/heads/bg/" + job.id());
        String before = remoteRefs();

        Refusal e = assertThrows(Refusal.class, () -> pullRequests(github.serverEnv(dir)).open(job, null));

        assertTrue(e.getMessage().startsWith("bg/" + job.id() + " not pushed to origin: git push failed:"), e.getMessage());
        assertEquals(before, remoteRefs());
        assertEquals(List.of(), github.created());
    }

    @Test
    void hostileTitleAndSummaryArePassedAsArgumentsMadeInertToAGhThatSeesNoSecretButTheToken() throws Exception {
        Path out = Files.createDirectories(dir.resolve("fake-gh-out"));
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path gh = bin.resolve("gh");
        Files.writeString(gh, "#!/bin/bash\nenv > '" + out + "/env'\nprintf '%s\\n' \"$@\" > '" + out + "/args'\n"
                + "while [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cp \"$2\" '" + out + "/body'; shift; done\n"
                + "echo https://github.com/own/rep/pull/9\n");
        gh.toFile().setExecutable(true);
        String id = f.spawn(SpawnRequest.prompt("# Task 04: **Square** `helper` $(touch pwned) [on](http://x) <b>it</b>"));
        f.agentPid(id);
        f.agentWrites(id, "a.txt", "a\n");
        Job job = f.agentExits(id, "@octocat this fixes #12 <img src=x onerror=alert(1)> \u001b[31mred\n", 0);
        Map<String, String> env = new HashMap<>(Map.of("PATH", bin + ":/usr/bin:/bin", "HOME", dir.toString(),
                "GH_TOKEN", "gh-token-value", "ANTHROPIC_API_KEY", "sk-ant-secret", "OPENAI_API_KEY", "sk-secret",
                "AWS_SECRET_ACCESS_KEY", "aws-secret"));

        Merging.PullRequest pr = pullRequests(env).open(job, null);

        assertEquals("https://github.com/own/rep/pull/9", pr.url());
        List<String> args = Files.readAllLines(out.resolve("args"));
        assertEquals("Square helper $(touch pwned) on it", args.get(args.indexOf("--title") + 1));
        assertFalse(Files.exists(f.project.resolve("pwned")));
        assertTrue(args.contains("--draft"));
        String body = Files.readString(out.resolve("body"));
        assertFalse(body.contains("@octocat"), body);
        assertFalse(body.contains("fixes #12"), body);
        assertFalse(body.contains("<img"), body);
        assertFalse(body.contains("\u001b"), body);
        String ghEnv = Files.readString(out.resolve("env"));
        assertTrue(ghEnv.contains("GH_TOKEN=gh-token-value"), ghEnv);
        for (String secret : List.of("sk-ant-secret", "sk-secret", "aws-secret")) {
            assertFalse(ghEnv.contains(secret), ghEnv);
        }
    }

    @Test
    void theGitHubRepositoryIsReadFromTheRemotesUrl() {
        assertEquals("github.com/own/rep", PullRequests.repositoryOf("https://github.com/own/rep.git").orElseThrow());
        assertEquals("github.com/own/rep", PullRequests.repositoryOf("git@github.com:own/rep.git").orElseThrow());
        assertEquals("ghe.corp/own/rep", PullRequests.repositoryOf("ssh://git@ghe.corp:22/own/rep").orElseThrow());
        assertEquals("github.com/own/rep", PullRequests.repositoryOf("https://x-access-token@github.com/own/rep").orElseThrow());
        assertTrue(PullRequests.repositoryOf("/srv/git/rep.git").isEmpty());
    }
}
