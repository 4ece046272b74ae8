package dev.bgagents.it;

import dev.bgagents.project.StateLayout;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
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

/** Every mistake gets isError with one readable line, changes nothing, and the server keeps serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
    private Path dir;
    private ServerHarness h;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("bg-bad-input");
        h = new ServerHarness(dir, "").start();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    static Stream<Arguments> mistakes() {
        Stream.Builder<Arguments> b = Stream.builder();
        b.add(Arguments.of("spawn_agent", Map.of("provider", "gpt-9", "prompt", "x"), "unknown provider \"gpt-9\""));
        b.add(Arguments.of("spawn_agent", Map.of(), "missing \"prompt\""));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "  "), "missing \"prompt\""));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "workdir", "no/such/dir"), "does not exist"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "provider", "nosuchcli"), "is not installed"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "permissions", "root"), "must be one of"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "timeout_minutes", -1), "between"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "timeout_minutes", "ten"), "must be a number"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "task_file", "t.md"), "not both"));
        b.add(Arguments.of("spawn_agent", Map.of("task_file", "missing.md"), "is not a file"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "colour", "red"), "unknown argument \"colour\""));
        for (String tool : List.of("read_summary", "cancel_job")) {
            b.add(Arguments.of(tool, Map.of("job_id", "../../etc/passwd"), "malformed job id"));
            b.add(Arguments.of(tool, Map.of("job_id", "claude-../x"), "malformed job id"));
            b.add(Arguments.of(tool, Map.of("job_id", "claude-abcdef"), "unknown job id"));
            b.add(Arguments.of(tool, Map.of(), "missing \"job_id\""));
        }
        b.add(Arguments.of("job_status", Map.of("job_ids", List.of("nope")), "malformed job id"));
        b.add(Arguments.of("job_status", Map.of("wait", "forever"), "must be one of"));
        b.add(Arguments.of("resume_session", Map.of("job_id", "claude-abcdef", "prompt", "go"), "unknown job id"));
        b.add(Arguments.of("resume_session", Map.of("job_id", "../x", "prompt", "go"), "malformed job id"));
        b.add(Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef"), "unknown job id"));
        b.add(Arguments.of("merge_worktree", Map.of("job_id", "claude-abcdef", "strategy", "rebase"), "must be one of"));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "worktree", true, "base", "no-such-branch"),
                "unknown base \"no-such-branch\""));
        b.add(Arguments.of("spawn_agent", Map.of("prompt", "x", "worktree", false, "base", "main"), "base needs a worktree"));
        b.add(Arguments.of("decompose_plan", Map.of("plan", "# x"), "no tasks found"));
        return b.build();
    }

    @Order(1)
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("mistakes")
    void isOneLineAndChangesNothing(String tool, Map<String, Object> args, String expected) throws Exception {
        expectError(h, tool, args, expected);
    }

    @Order(2)
    @Test
    void afterAllOfThemNothingWasCreatedAndTheServerStillWorks() throws Exception {
        Path jobs = dir.resolve(".context/jobs");
        try (Stream<Path> s = Files.exists(jobs) ? Files.list(jobs) : Stream.empty()) {
            assertEquals(0, s.count(), "a refused spawn must not create a job");
        }
        Path worktrees = h.worktreesHome();
        try (Stream<Path> s = Files.exists(worktrees) ? Files.list(worktrees) : Stream.empty()) {
            assertEquals(List.of(), s.filter(Files::isDirectory).toList(), "nor a worktree");
        }
        assertEquals("* main", h.git("branch", "--list").strip(), "nor a branch");
        // merging a job that has not ended (starting or running) is refused
        String running = h.spawn("MODE:sleep=3", Map.of("worktree", true));
        expectError(h, "merge_worktree", Map.of("job_id", running), "before merging");
        h.awaitEnd(running);
        // and the server still works
        String id = h.spawn("write ok.txt", Map.of());
        assertEquals("succeeded", h.awaitEnd(id).get("status"));
    }

    @Test
    void aBrokenConfigFileStillConnectsAndEveryAnswerSaysWhatIsWrongAndHowToFixIt(@TempDir Path broken) throws Exception {
        try (ServerHarness b = new ServerHarness(broken, "\"max_concurent\": 2").start()) {
            assertEquals(7, b.client().listTools().tools().size(), "the tools are listed as usual");
            McpSchema.CallToolResult r = b.call("spawn_agent", Map.of("prompt", "write x.txt"));
            String line = text(r);
            assertTrue(Boolean.TRUE.equals(r.isError()), line);
            assertTrue(line.contains("unknown key \"max_concurent\"") && line.contains("restart"), line);
            assertFalse(line.contains("\n"), "one line: " + line);
            assertTrue(b.call("job_status", Map.of()).isError());
            assertFalse(Files.exists(broken.resolve("x.txt")), "nothing ran");
            assertFalse(Files.exists(new StateLayout(broken).jobs()), "no job was recorded");
        }
        try (ServerHarness b = new ServerHarness(Files.createDirectories(broken.resolve("modern")), "\"max_concurent\": 2");
             RawMcpClient c = b.startRaw()) {
            Map<String, Object> meta = Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                    "io.modelcontextprotocol/clientCapabilities", Map.of("extensions", Map.of("io.modelcontextprotocol/tasks", Map.of())));
            assertEquals("2026-07-28", c.request("server/discover", Map.of("_meta", meta))
                    .path("result").path("supportedVersions").path(0).asText());
            var answer = c.request("tools/call", Map.of("name", "spawn_agent", "arguments", Map.of("prompt", "x"),
                    "_meta", meta)).path("result");
            assertTrue(answer.path("isError").asBoolean(), answer.toString());
            assertTrue(answer.path("content").path(0).path("text").asText().contains("max_concurent"), answer.toString());
            c.assertOnlyJson();
        }
    }

    private static void expectError(ServerHarness h, String tool, Map<String, Object> args, String expected) {
        McpSchema.CallToolResult r = h.call(tool, args);
        String text = text(r);
        assertTrue(Boolean.TRUE.equals(r.isError()), tool + " " + args + " should fail: " + text);
        assertTrue(text.contains(expected), tool + " " + args + ": expected \"" + expected + "\" in: " + text);
        assertFalse(text.contains("\n"), "one line: " + text);
        assertFalse(text.contains("Exception") || text.contains("\tat "), "no stack trace: " + text);
    }
}
