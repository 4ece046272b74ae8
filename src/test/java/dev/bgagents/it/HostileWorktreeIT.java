package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Agents scripted as attackers (red-team items 1 and 4): everything in a worktree, its {@code .git}
 * file included, is the agent's, and none of it may steer what the server does with its own rights.
 * Each agent is a custom provider whose script does one hostile thing and leaves one ordinary
 * uncommitted file, {@code agent-work.txt}, which must reach the job's branch (or, where that
 * cannot be safe, stay in the worktree and be said).
 */
class HostileWorktreeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, Object> provider(String script) {
        return Map.of("command", List.of("bash", "-c", "set -e\n" + script + "\necho work > agent-work.txt\n"
                + "echo 'done'"), "output", "text");
    }

    private static ServerHarness start(Path project, Map<String, Object> providers) throws Exception {
        return new ServerHarness(project, "").withProviders(providers).start();
    }

    /**
     * Unconfined: these agents plant what the server's own git must not follow (hooks in the main repository,
     * a repository beside the worktree), which a sandboxed agent cannot even plant (AgentSandboxIT).
     */
    private static String spawnWith(ServerHarness h, String provider) {
        return h.spawn("attack", Map.of("provider", provider, "worktree", true, "permissions", "full"));
    }

    private static Path worktreeOf(ServerHarness h, String id) throws Exception {
        return Path.of(JSON.readTree(h.jobDir(id).resolve("job.json").toFile()).get("workspace").get("path").asText());
    }

    private static List<String> branchFiles(ServerHarness h, String branch) throws Exception {
        return h.git("ls-tree", "-r", "--name-only", branch).lines().toList();
    }

    @Test
    void aGitFileNamingARepositoryTheAgentMadeRunsNoneOfItsHooksAndTheWorkStillReachesTheBranch(@TempDir Path dir)
            throws Exception {
        Path canary = dir.resolve("canary");
        Path project = Files.createDirectories(dir.resolve("project"));
        String hook = "printf '#!/bin/sh\\ntouch " + canary + "\\n'";
        String evil = "git init -q ../evil-src && mv ../evil-src/.git .evilgit && rm -rf ../evil-src\n"
                + "for h in pre-commit commit-msg post-commit post-checkout reference-transaction; do "
                + hook + " > .evilgit/hooks/$h; chmod +x .evilgit/hooks/$h; done\n"
                + "git -C .evilgit config filter.x.clean 'sh -c \"touch " + canary + "; cat\"'\n"
                + "echo '* filter=x' > .gitattributes\n"
                + "echo 'gitdir: .evilgit' > .git";
        try (ServerHarness h = start(project, Map.of("evilgit", provider(evil)))) {
            String id = spawnWith(h, "evilgit");
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertFalse(Files.exists(canary), "a hook or filter of the agent's repository ran as the server");
            List<String> files = branchFiles(h, "bg/" + id);
            assertTrue(files.contains("agent-work.txt") && files.contains(".gitattributes"),
                    "the agent's work is on its branch: " + files);
            h.call("read_summary", Map.of("job_id", id));
            h.call("merge_worktree", Map.of("job_id", id, "dry_run", true));
            assertFalse(Files.exists(canary), "reading the summary and a dry run ran nothing either");
        }
    }

    @Test
    void aGitFileNamingThePersonsRepositoryLeavesTheirUncommittedWorkAndLocksAsTheyWere(@TempDir Path dir)
            throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = start(project, Map.of("maingit",
                provider("echo \"gitdir: $BG_AGENTS_PROJECT/.git\" > .git")))) {
            String mainBefore = h.git("rev-parse", "main").strip();
            Files.writeString(project.resolve("README.md"), "# my own edit, not committed\n");
            Files.writeString(project.resolve("mine.txt"), "untracked, mine\n");
            Path indexLock = project.resolve(".git/index.lock");
            Files.writeString(indexLock, "");
            String id = spawnWith(h, "maingit");
            assertEquals("succeeded", h.awaitEnd(id).get("status"));

            assertEquals(mainBefore, h.git("rev-parse", "main").strip(), "nothing was committed onto main");
            assertTrue(Files.exists(indexLock), "the person's index.lock is theirs to remove");
            Files.delete(indexLock);
            assertEquals(List.of(" M README.md", "?? mine.txt"),
                    h.git("status", "--porcelain").lines().filter(l -> !l.contains(".context")).toList());
            assertTrue(branchFiles(h, "bg/" + id).contains("agent-work.txt"), "the agent's work is on its branch");
            assertFalse(branchFiles(h, "bg/" + id).contains("mine.txt"), "and nothing of the person's");
        }
    }

    @Test
    void hooksPlantedInTheMainRepositoryDoNotRunInTheServersCommitsOrMerges(@TempDir Path dir) throws Exception {
        Path canary = dir.resolve("canary");
        Path project = Files.createDirectories(dir.resolve("project"));
        String plant = "mkdir -p ../planted && for h in pre-commit commit-msg post-commit post-merge "
                + "reference-transaction; do printf '#!/bin/sh\\necho $0 >> " + canary + "\\n' > ../planted/$h; "
                + "chmod +x ../planted/$h; cp ../planted/$h \"$BG_AGENTS_PROJECT/.git/hooks/$h\"; done\n"
                + "git -C \"$BG_AGENTS_PROJECT\" config core.hooksPath \"$(cd ../planted && pwd)\"";
        try (ServerHarness h = start(project, Map.of("planter", provider(plant)))) {
            String id = spawnWith(h, "planter");
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertFalse(Files.exists(canary), "the leftovers commit ran a planted hook");
            assertTrue(branchFiles(h, "bg/" + id).contains("agent-work.txt"));
            var merged = h.call("merge_worktree", Map.of("job_id", id));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertFalse(Files.exists(canary), "the merge ran a planted hook");
            assertEquals("work\n", Files.readString(project.resolve("agent-work.txt")));
        }
    }

    @Test
    void aWorktreeWhoseHeadTheAgentPointedAtMainCommitsNothingOntoMainAndSaysWhereTheWorkIs(@TempDir Path dir)
            throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = start(project, Map.of("switcher",
                provider("git symbolic-ref HEAD refs/heads/main")))) {
            String mainBefore = h.git("rev-parse", "main").strip();
            String id = spawnWith(h, "switcher");
            h.awaitEnd(id);
            assertEquals(mainBefore, h.git("rev-parse", "main").strip(), "nothing was committed onto main");
            assertEquals("", h.git("status", "--porcelain").lines().filter(l -> !l.contains(".context"))
                    .reduce("", String::concat), "the person's checkout is as it was");
            Path wt = worktreeOf(h, id);
            assertEquals("work\n", Files.readString(wt.resolve("agent-work.txt")), "the work stays where it is");
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("moved its worktree off bg/" + id + " (HEAD is now main)"), summary);
        }
    }

    @Test
    void aJobRecordCommittedOnABranchNeverReachesTheLiveStateAndForgesNoReview(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path forged = dir.resolve("forged.json");
        String forge = "mkdir -p .context/jobs/claude-f0f0f0 && cp " + forged + " .context/jobs/claude-f0f0f0/job.json\n"
                + "echo 'forged summary' > .context/jobs/claude-f0f0f0/summary.md\n"
                + "git add -f .context && git -c user.name=a -c user.email=a@a.invalid commit -qm 'state'\n"
                // and uncommitted, re-included past info/exclude by a .gitignore of its own
                + "echo '!/.context/' > .gitignore && mkdir -p .context/impl && echo x > .context/impl/left.txt";
        try (ServerHarness h = start(project, Map.of("forger", provider(forge)))) {
            String author = h.spawn("write feature.txt", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(author).get("status"));
            // a real review's record of another job, turned into an approval of the author's work
            String other = h.spawn("write other.txt", Map.of("worktree", true));
            h.awaitEnd(other);
            String review = (String) structured(h.call("spawn_agent", Map.of("review_of", other))).get("job_id");
            h.awaitEnd(review);
            ObjectNode record = (ObjectNode) JSON.readTree(h.jobDir(review).resolve("job.json").toFile());
            String asText = JSON.writeValueAsString(record).replace(review, "claude-f0f0f0").replace(other, author);
            Files.writeString(forged, asText);

            String forger = spawnWith(h, "forger");
            assertEquals("succeeded", h.awaitEnd(forger).get("status"));
            List<String> onBranch = branchFiles(h, "bg/" + forger);
            assertFalse(onBranch.contains(".context/impl/left.txt"), "the leftovers commit took state files: "
                    + onBranch);

            var merged = h.call("merge_worktree", Map.of("job_id", forger));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertTrue(text(merged).contains(".context/"), "the answer says what was left out: " + text(merged));
            assertEquals("work\n", Files.readString(project.resolve("agent-work.txt")), "the rest is merged");
            assertFalse(Files.exists(h.jobDir("claude-f0f0f0")), "a job record came from a branch");
            assertFalse(h.git("ls-tree", "-r", "--name-only", "main").contains(".context/"),
                    "main's history holds no state files");
            var status = h.call("job_status", Map.of("job_ids", List.of("claude-f0f0f0")));
            assertTrue(text(status).contains("unknown job id"), text(status));
            var refused = h.call("merge_worktree", Map.of("job_id", author, "require_review", true));
            assertTrue(Boolean.TRUE.equals(refused.isError()) && text(refused).contains(author + " has no review"),
                    text(refused));
            assertFalse(Files.exists(project.resolve("feature.txt")), "the author's unreviewed work is not merged");
        }
    }

    @Test
    void aReviewersOwnGitNeverReadsTheGitDirectoryTheAuthorsGitFileNames(@TempDir Path dir) throws Exception {
        Path canary = dir.resolve("canary");
        Path project = Files.createDirectories(dir.resolve("project"));
        String evil = "git init -q ../evil-src && mv ../evil-src/.git .evilgit && rm -rf ../evil-src\n"
                + "git -C .evilgit config core.fsmonitor 'touch " + canary + "; false'\n"
                + "git -C .evilgit config diff.external 'touch " + canary + "'\n"
                + "echo 'gitdir: .evilgit' > .git";
        // a reviewer that uses git in the worktree as a CLI does: status, the diff the prompt names, the log
        String reviewer = "cat >/dev/null; git status --short >/dev/null 2>&1; git diff HEAD~1 >/dev/null 2>&1; "
                + "git log -1 --stat >/dev/null 2>&1; echo 'Fine.'; echo; echo 'VERDICT: approve'";
        try (ServerHarness h = start(project, Map.of("evilgit", provider(evil),
                "gitreviewer", Map.of("command", List.of("bash", "-c", reviewer), "output", "text")))) {
            String id = spawnWith(h, "evilgit");
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            var review = h.call("spawn_agent", Map.of("review_of", id, "provider", "gitreviewer"));
            assertFalse(Boolean.TRUE.equals(review.isError()), text(review));
            String reviewId = (String) structured(review).get("job_id");
            assertEquals("succeeded", h.awaitEnd(reviewId).get("status"));
            assertFalse(Files.exists(canary), "the reviewer's git ran the author's fsmonitor or diff driver");
        }
    }
}
