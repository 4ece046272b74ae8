package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every path- and ref-like argument a host model can be talked into, through the real server:
 * outside the project (by path, by "..", by a symlink in the repository, another repository) it is
 * refused in one line naming the argument and the allowed roots, and nothing is read, created or
 * run; a root listed under allowed_roots is usable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfinementIT {
    private Path root;
    private Path outside;
    private Path other;
    private Path shared;
    private ServerHarness h;

    @BeforeAll
    void start() throws Exception {
        root = Files.createTempDirectory("bg-confine-it").toRealPath();
        Path project = Files.createDirectories(root.resolve("proj"));
        outside = Files.createDirectories(root.resolve("outside"));
        shared = Files.createDirectories(root.resolve("shared"));
        other = Files.createDirectories(root.resolve("other"));
        ServerHarness.runGit(other, "init", "-q", "-b", "main");
        Files.writeString(other.resolve("a.txt"), "a\n");
        ServerHarness.runGit(other, "add", ".");
        ServerHarness.runGit(other, "-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "i");
        Files.writeString(outside.resolve("secret.md"), "TOP SECRET task\n");
        Files.writeString(outside.resolve("plan.md"), "# P\n\n## Tasks\n\n1. Write a.py\n2. Write tests for a.py\n");
        Files.createSymbolicLink(project.resolve("link-out"), outside);
        Files.createSymbolicLink(project.resolve("link-secret.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(project.resolve("link-plan.md"), outside.resolve("plan.md"));
        h = new ServerHarness(project, "\"allowed_roots\": [\"" + shared + "\"]").start();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    Stream<Arguments> outsideTheProject() {
        String plan = "# P\n\n1. Write a.py\n";
        return Stream.of(
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "/etc"), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "/"), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "../outside"), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", outside.toString()), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "link-out"), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", other.toString()), "workdir"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "/tmp"), "workdir"),
                Arguments.of("spawn_agent", Map.of("task_file", "/etc/passwd"), "task_file"),
                Arguments.of("spawn_agent", Map.of("task_file", "/proc/self/environ"), "task_file"),
                Arguments.of("spawn_agent", Map.of("task_file", "../outside/secret.md"), "task_file"),
                Arguments.of("spawn_agent", Map.of("task_file", outside.resolve("secret.md").toString()), "task_file"),
                Arguments.of("spawn_agent", Map.of("task_file", "link-secret.md"), "task_file"),
                Arguments.of("spawn_agent", Map.of("task_file", "link-out/secret.md"), "task_file"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "files", List.of("../outside/x")), "files"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "files", List.of("/etc/passwd")), "files"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "files", List.of("link-out/new.py")), "files"),
                Arguments.of("decompose_plan", Map.of("plan_path", "../outside/plan.md"), "plan_path"),
                Arguments.of("decompose_plan", Map.of("plan_path", outside.resolve("plan.md").toString()), "plan_path"),
                Arguments.of("decompose_plan", Map.of("plan_path", "link-plan.md"), "plan_path"),
                Arguments.of("decompose_plan", Map.of("plan_path", "/etc/passwd"), "plan_path"),
                Arguments.of("decompose_plan", Map.of("plan", plan, "workdir", "/tmp"), "workdir"),
                Arguments.of("decompose_plan", Map.of("plan", plan, "workdir", "../outside"), "workdir"),
                Arguments.of("decompose_plan", Map.of("plan", plan, "workdir", other.toString()), "workdir"),
                Arguments.of("decompose_plan", Map.of("tasks", List.of(Map.of("id", "a", "title", "Write a",
                        "files", List.of("../../x.py")))), "task a files"),
                Arguments.of("decompose_plan", Map.of("plan", "# P\n\n## Tasks\n\n1. Write a.py\n   Files: ../../etc/x.py\n"),
                        "task 1 files"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outsideTheProject")
    void isRefusedInOneLineNamingTheArgumentAndTheRoots(String tool, Map<String, Object> args, String arg)
            throws Exception {
        McpSchema.CallToolResult r = h.call(tool, args);
        String text = text(r);
        assertTrue(Boolean.TRUE.equals(r.isError()), "must be refused: " + text);
        assertTrue(text.startsWith(arg + " \""), text);
        assertTrue(text.contains("is outside the project " + h.project.toRealPath()) && text.contains(shared.toString()),
                "names the allowed roots: " + text);
        assertFalse(text.contains("\n") || text.contains("TOP SECRET") || text.contains("root:"), text);
        assertNothingMade();
    }

    Stream<Arguments> refsAndNames() {
        return Stream.of(
                Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "into", "../x"), "is not a branch name"),
                Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "into", "a b;c"), "is not a branch name"),
                Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "into", "main.lock"), "is not a branch name"),
                Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "into", "main~1"), "is not a branch name"),
                Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "into", "--upload-pack=x"), "is not a branch name"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "worktree", true, "base", "HEAD@{"), "unknown base"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "worktree", true, "base", "--upload-pack=touch /tmp/x"),
                        "is not a revision"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "worktree", true, "base", "-D"), "is not a revision"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "model", "--dangerously-skip-permissions"),
                        "is not a model name"),
                Arguments.of("spawn_agent", Map.of("prompt", "x", "model", "a b"), "is not a model name"),
                Arguments.of("decompose_plan", Map.of("plan", "# P\n\n1. Write a.py\n", "workdir", "\u0000"), "NUL"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refsAndNames")
    void refsAndNamesAreCheckedBeforeGitSeesThem(String tool, Map<String, Object> args, String expected) throws Exception {
        McpSchema.CallToolResult r = h.call(tool, args);
        String text = text(r);
        assertTrue(Boolean.TRUE.equals(r.isError()) && text.contains(expected), text);
        assertFalse(text.contains("\n") || text.contains("Exception") || text.contains("\u0000"), text);
        assertNothingMade();
    }

    @Test
    void aRootListedUnderAllowedRootsIsUsable() throws Exception {
        McpSchema.CallToolResult r = h.call("spawn_agent", Map.of("prompt", "write shared.txt", "workdir", shared.toString()));
        assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
        String id = (String) ServerHarness.structured(r).get("job_id");
        assertEquals("succeeded", h.awaitEnd(id).get("status"));
        assertTrue(Files.exists(shared.resolve("shared.txt")));
        Files.delete(shared.resolve("shared.txt"));
        // removed so the other cases still see a project with no jobs
        h.call("read_summary", Map.of("job_id", id));
        deleteTree(h.jobDir(id));
    }

    private void assertNothingMade() throws Exception {
        Path jobs = h.project.resolve(".context/jobs");
        try (Stream<Path> s = Files.exists(jobs) ? Files.list(jobs) : Stream.empty()) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).toList(), "no job is created");
        }
        Path impl = h.project.resolve(".context/impl");
        try (Stream<Path> s = Files.exists(impl) ? Files.list(impl) : Stream.empty()) {
            assertEquals(0, s.count(), "no plan session is written");
        }
        assertEquals("* main", h.git("branch", "--list").strip(), "no branch here");
        assertEquals("* main", ServerHarness.runGit(other, "branch", "--list").strip(), "nor in the other repository");
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(2, s.count(), "nothing is written outside");
        }
    }

    private static void deleteTree(Path p) throws Exception {
        try (Stream<Path> w = Files.walk(p)) {
            for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
