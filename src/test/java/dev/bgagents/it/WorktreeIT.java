package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** One worktree per job, and merges back that never lose or half-apply work, on real repositories. */
class WorktreeIT {

    private static String spawn(ServerHarness h, String prompt, Map<String, Object> more) {
        Map<String, Object> args = new java.util.HashMap<>(more);
        args.put("worktree", true);
        String id = h.spawn(prompt, args);
        assertEquals("succeeded", h.awaitEnd(id).get("status"));
        return id;
    }

    private static McpSchema.CallToolResult merge(ServerHarness h, String id, Map<String, Object> more) {
        Map<String, Object> args = new java.util.HashMap<>(more);
        args.put("job_id", id);
        return h.call("merge_worktree", args);
    }

    /** HEAD, status and a hash of every file outside .git and .context: "byte-identical" made checkable. */
    private static String fingerprint(ServerHarness h) throws Exception {
        TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(h.project)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = h.project.relativize(p).toString();
                if (Files.isRegularFile(p) && !rel.startsWith(".git") && !rel.startsWith(".context")) {
                    files.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        return h.git("rev-parse", "HEAD") + h.git("status", "--porcelain") + h.git("branch", "--list") + files;
    }

    @Test
    void twoJobsChangingDifferentFilesBothMergeAndCleanUp(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String a = spawn(h, "write a.txt", Map.of());
            String b = spawn(h, "write b.txt", Map.of());
            var ra = merge(h, a, Map.of());
            assertEquals(true, structured(ra).get("merged"), text(ra));
            assertEquals(List.of("a.txt"), structured(ra).get("files_changed"));
            var rb = merge(h, b, Map.of());
            assertEquals(true, structured(rb).get("merged"), text(rb));
            assertEquals("hello\n", Files.readString(dir.resolve("a.txt")));
            assertEquals("hello\n", Files.readString(dir.resolve("b.txt")));
            assertEquals("", h.git("status", "--porcelain").strip(), "index and files agree with the new HEAD");
            // cleanup: worktrees and branches gone
            assertFalse(Files.exists(h.worktree(a)));
            assertEquals("* main", h.git("branch", "--list").strip());
            var again = merge(h, a, Map.of());
            assertTrue(text(again).contains("already merged"), text(again));
            // into another branch, after the branch is gone: not "merged" into the one it went to before
            h.git("branch", "feature", "HEAD~2");
            var elsewhere = merge(h, a, Map.of("into", "feature"));
            assertTrue(Boolean.TRUE.equals(elsewhere.isError()) || Boolean.FALSE.equals(structured(elsewhere).get("merged")),
                    text(elsewhere));
            assertTrue(text(elsewhere).contains("merge main into feature instead"), text(elsewhere));
        }
    }

    @Test
    void aConflictingSecondMergeIsRefusedAndTheRepositoryStaysByteIdentical(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String first = spawn(h, "write shared.txt CONTENT:first", Map.of());
            String second = spawn(h, "write shared.txt CONTENT:second", Map.of());
            assertEquals(true, structured(merge(h, first, Map.of())).get("merged"));
            String before = fingerprint(h);
            var dry = merge(h, second, Map.of("dry_run", true));
            assertEquals(List.of("shared.txt"), structured(dry).get("conflicts"), text(dry));
            var r = merge(h, second, Map.of());
            assertEquals(false, structured(r).get("merged"));
            assertEquals(List.of("shared.txt"), structured(r).get("conflicts"));
            assertTrue(text(r).contains("conflicts in shared.txt") && text(r).contains("resume the job"), text(r));
            assertEquals(before, fingerprint(h));
            assertTrue(h.git("branch", "--list").contains("bg/" + second), "the unmerged branch stays");
        }
    }

    @Test
    void uncommittedUserChangesInTouchedFilesRefuseTheMerge(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = spawn(h, "write README.md CONTENT:agent", Map.of());
            Files.writeString(dir.resolve("README.md"), "# my unsaved edit\n");
            String before = fingerprint(h);
            var r = merge(h, id, Map.of());
            assertEquals(false, structured(r).get("merged"));
            assertTrue(text(r).contains("uncommitted changes in README.md"), text(r));
            assertEquals(before, fingerprint(h));
            assertEquals("# my unsaved edit\n", Files.readString(dir.resolve("README.md")));
            // a change elsewhere does not block a merge
            Files.writeString(dir.resolve("README.md"), "# test project\n");
            Files.writeString(dir.resolve("notes.txt"), "mine\n");
            assertEquals(true, structured(merge(h, id, Map.of())).get("merged"));
            assertEquals("mine\n", Files.readString(dir.resolve("notes.txt")));
        }
    }

    @Test
    void squashMakesOneCommitAndADryRunChangesNothing(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            // the agent commits itself and also leaves a file uncommitted: two commits on its branch
            String id = spawn(h, "write lib.txt COMMIT LEFTOVER:extra.txt", Map.of());
            String log = h.git("log", "--format=%s", "main..bg/" + id);
            assertTrue(log.contains("agent: wrote lib.txt") && log.contains("left uncommitted by " + id), log);
            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.contains("(2 commits") && md.contains("extra.txt +1 -0") && md.contains("lib.txt +1 -0"), md);

            String before = fingerprint(h);
            var dry = merge(h, id, Map.of("dry_run", true, "strategy", "squash"));
            assertEquals(false, structured(dry).get("merged"));
            assertEquals(List.of("extra.txt", "lib.txt"), structured(dry).get("files_changed"));
            assertEquals(before, fingerprint(h));

            String head = h.git("rev-parse", "HEAD").strip();
            var r = merge(h, id, Map.of("strategy", "squash"));
            assertEquals(true, structured(r).get("merged"), text(r));
            assertEquals(head, h.git("rev-parse", "HEAD~1").strip(), "one new commit on main");
            assertEquals(2, h.git("rev-list", "--parents", "-n", "1", "HEAD").trim().split(" ").length,
                    "a squash commit has one parent");
            assertTrue(Files.exists(dir.resolve("lib.txt")) && Files.exists(dir.resolve("extra.txt")));
            assertEquals("", h.git("status", "--porcelain").strip());
            assertFalse(h.git("branch", "--list").contains("bg/" + id), "a squashed branch is merged by content");
        }
    }

    @Test
    void mergingIntoABranchThatIsNotCheckedOutLeavesTheWorkingTreeAlone(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            h.git("branch", "release");
            String id = spawn(h, "write feature.txt", Map.of());
            Files.writeString(dir.resolve("feature.txt"), "the user's own untracked file\n");
            String before = fingerprint(h);
            var r = merge(h, id, Map.of("into", "release", "cleanup", false));
            assertEquals(true, structured(r).get("merged"), text(r));
            assertEquals(before, fingerprint(h));
            assertEquals("hello\n", h.git("show", "release:feature.txt"));
        }
    }

    @Test
    void pathsWithSpacesAndUnicodeAndASubmoduleAndAnLfsPointerComeThroughUntouched(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub-origin"));
        Path project = Files.createDirectories(dir.resolve("project"));
        try (ServerHarness h = new ServerHarness(project, "")) {
            ServerHarness.runGit(sub, "init", "-q", "-b", "main");
            Files.writeString(sub.resolve("lib.c"), "int x;\n");
            ServerHarness.runGit(sub, "add", ".");
            ServerHarness.runGit(sub, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "sub");
            h.git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.toString(), "vendor/sub");
            String pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:"
                    + "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
            Files.writeString(project.resolve(".gitattributes"), "*.bin filter=lfs diff=lfs merge=lfs -text\n");
            Files.writeString(project.resolve("model.bin"), pointer);
            h.git("add", ".");
            h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "submodule and lfs");
            h.start();
            String id = spawn(h, "FILE:dir with space/ünïcode ✓.txt", Map.of());
            assertEquals("hello\n", Files.readString(
                    h.worktree(id).resolve("dir with space/ünïcode ✓.txt")));
            var r = merge(h, id, Map.of());
            assertEquals(true, structured(r).get("merged"), text(r));
            assertEquals(List.of("dir with space/ünïcode ✓.txt"), structured(r).get("files_changed"));
            assertEquals("hello\n", Files.readString(project.resolve("dir with space/ünïcode ✓.txt")));
            assertEquals(pointer, Files.readString(project.resolve("model.bin")), "the LFS pointer is untouched");
            assertTrue(h.git("ls-tree", "HEAD", "vendor/sub").startsWith("160000 commit"), "still a submodule");
            assertEquals("", h.git("status", "--porcelain").strip());
        }
    }

    @Test
    void overlappingJobsAreForecastAndResumeContinuesInTheSameWorktree(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String slow = h.spawn("MODE:sleep=4", Map.of("worktree", true, "files", List.of("src/app.py")));
            var second = h.call("spawn_agent", Map.of("prompt", "write src/app.py", "files", List.of("src/app.py")));
            assertTrue(text(second).contains("overlaps " + slow + " on src/app.py"), text(second));
            var status = h.call("job_status", Map.of("job_ids", List.of(slow)));
            assertTrue(text(status).contains("overlaps "), text(status));
            h.awaitEnd(slow);

            String id = (String) structured(second).get("job_id");
            h.awaitEnd(id);
            var resumed = h.call("resume_session", Map.of("job_id", id, "prompt", "write src/more.py"));
            String id2 = (String) structured(resumed).get("job_id");
            assertEquals("succeeded", h.awaitEnd(id2).get("status"));
            Path wt = h.worktree(id);
            assertTrue(Files.exists(wt.resolve("src/more.py")), "the resumed job works in the same worktree");
            var r = merge(h, id2, Map.of());
            assertEquals(true, structured(r).get("merged"), text(r));
            assertTrue(Files.exists(dir.resolve("src/app.py")) && Files.exists(dir.resolve("src/more.py")));
        }
    }

    @Test
    void aFailingPreCommitHookDoesNotStrandTheAgentsWork(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            Path hook = dir.resolve(".git/hooks/pre-commit");
            Files.createDirectories(hook.getParent());
            Files.writeString(hook, "#!/bin/sh\necho 'lint failed' >&2\nexit 1\n");
            hook.toFile().setExecutable(true);
            String id = spawn(h, "write linted.txt", Map.of());
            assertTrue(h.git("log", "--format=%s", "bg/" + id).contains("left uncommitted by " + id));
            assertEquals("hello\n", h.git("show", "bg/" + id + ":linted.txt"));
        }
    }

    @Test
    void outsideGitAJobRunsInPlaceAndSaysSo(@TempDir Path dir) throws Exception {
        Path plain = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))
                .resolve("bg-plain-" + System.nanoTime()));
        // a directory outside the project is usable once the config lists it
        try (ServerHarness h = new ServerHarness(dir, "\"allowed_roots\": [\"" + plain + "\"]").start()) {
            var r = h.call("spawn_agent", Map.of("prompt", "write x.txt", "workdir", plain.toString()));
            assertTrue(text(r).contains("runs in place: not a git repository"), text(r));
            assertNull(structured(r).get("worktree"));
            h.awaitEnd((String) structured(r).get("job_id"));
            assertTrue(Files.exists(plain.resolve("x.txt")));
            var m = merge(h, (String) structured(r).get("job_id"), Map.of());
            assertTrue(Boolean.TRUE.equals(m.isError()) && text(m).contains("ran in place"), text(m));

            // a repository without any commit has nothing to branch from: in place too, and said
            Path fresh = Files.createDirectories(plain.resolve("fresh"));
            ServerHarness.runGit(fresh, "init", "-q");
            var f = h.call("spawn_agent", Map.of("prompt", "write y.txt", "workdir", fresh.toString()));
            assertTrue(text(f).contains("no commits to branch from"), text(f));
            h.awaitEnd((String) structured(f).get("job_id"));
            assertTrue(Files.exists(fresh.resolve("y.txt")));
        }
    }

    @Test
    void gcRemovesMergedAndEmptyCancelledWorktreesButNeverUnmergedWorkWithoutForce(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String merged = spawn(h, "write m.txt", Map.of());
            assertEquals(true, structured(merge(h, merged, Map.of("cleanup", false))).get("merged"));
            String unmerged = spawn(h, "write u.txt", Map.of());
            String byHand = spawn(h, "write h.txt", Map.of());
            String cancelled = h.spawn("MODE:hang", Map.of("worktree", true));
            ProcessControlIT.awaitRunningWithOutput(h, cancelled);
            h.call("cancel_job", Map.of("job_id", cancelled));
            ServerHarness.runGit(dir, "worktree", "list");
            deleteTree(h.worktree(byHand));

            SubcommandsIT.Run gc = SubcommandsIT.run(dir, "gc");
            assertEquals(0, gc.exit(), gc.err());
            assertTrue(gc.out().contains("removed  " + merged), gc.out());
            assertTrue(gc.out().contains("removed  " + cancelled), gc.out());
            assertTrue(gc.out().contains("kept     " + unmerged + ": unmerged work on bg/" + unmerged), gc.out());
            String branches = h.git("branch", "--list");
            assertFalse(branches.contains("bg/" + merged) || branches.contains("bg/" + cancelled), branches);
            assertTrue(branches.contains("bg/" + unmerged) && branches.contains("bg/" + byHand), branches);
            assertTrue(Files.exists(h.worktree(unmerged).resolve("u.txt")));
            assertFalse(h.git("worktree", "list", "--porcelain").contains(byHand), "pruned");

            SubcommandsIT.Run forced = SubcommandsIT.run(dir, "gc", "--force");
            assertTrue(forced.out().contains("removed  " + unmerged), forced.out());
            assertFalse(h.git("branch", "--list").contains("bg/" + unmerged));
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
