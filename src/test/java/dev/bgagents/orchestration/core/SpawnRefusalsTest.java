package dev.bgagents.orchestration.core;

import dev.bgagents.orchestration.EngineFixture;
import dev.bgagents.orchestration.SpawnRequest;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * spawn_agent as the host reaches it, refused: each request gets one line saying what is wrong
 * and what to do, and nothing is made — no job directory, no bg/ branch, no worktree. One
 * project serves the whole table, as nothing a case does may stay.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpawnRefusalsTest {
    private static final String PROVIDERS = "known: agent, claude, codex, gemini, ollama, opencode, other, third "
            + "(custom ones are declared in bg-agents.json)";

    private EngineFixture f;
    private String failed;

    @BeforeAll
    void aProjectWithTaskFilesAndAFailedJob(@TempDir Path dir) throws Exception {
        f = new EngineFixture(dir, "\"verify\": {\"unit\": [\"bash\", \"check-me\"]}");
        Files.writeString(dir.resolve("outside.md"), "read the secrets\n");
        Files.createSymbolicLink(f.project.resolve("link.md"), dir.resolve("outside.md"));
        Files.write(f.project.resolve("latin1.md"), new byte[]{'c', 'a', 'f', (byte) 0xe9, '\n'});
        Files.writeString(f.project.resolve("big.md"), "a".repeat(Spawner.MAX_PROMPT_BYTES + 1));
        failed = f.spawn(SpawnRequest.prompt("fail"));
        f.agentExits(failed, "gave up\n", 1);
    }

    @AfterAll
    void close() {
        f.close();
    }

    /** Made once the project is: the messages name it, and the failed job. */
    Stream<Arguments> refusals() {
        String outside = " is outside the project " + f.project + " (symlinks resolved): pass a path inside, "
                + "or list another root under allowed_roots in bg-agents.json";
        return Stream.of(
                arguments("no prompt", SpawnRequest.noPrompt(),
                        "missing \"prompt\": say what the agent should do (or pass task_file)"),
                arguments("a blank prompt", SpawnRequest.prompt(" \n"),
                        "missing \"prompt\": say what the agent should do (or pass task_file)"),
                arguments("prompt and task_file", SpawnRequest.prompt("do it").taskFile("README.md"),
                        "give either \"prompt\" or \"task_file\", not both"),
                arguments("a task_file outside", SpawnRequest.noPrompt().taskFile("../outside.md"),
                        "task_file \"../outside.md\"" + outside),
                arguments("a task_file linking outside", SpawnRequest.noPrompt().taskFile("link.md"),
                        "task_file \"link.md\"" + outside),
                arguments("a task_file that is not there", SpawnRequest.noPrompt().taskFile("nope.md"),
                        "task_file \"nope.md\" is not a file under " + f.project),
                arguments("a task_file not UTF-8", SpawnRequest.noPrompt().taskFile("latin1.md"),
                        "task_file \"latin1.md\" is not UTF-8 text"),
                arguments("a task_file over 4 MB", SpawnRequest.noPrompt().taskFile("big.md"),
                        "task_file is larger than 4 MB: split the task"),
                arguments("a prompt over 4 MB", SpawnRequest.prompt("é".repeat(Spawner.MAX_PROMPT_BYTES / 2 + 1)),
                        "prompt is larger than 4 MB: put the material in files and point the agent at them"),
                arguments("a workdir outside", SpawnRequest.prompt("do it").workdir(".."),
                        "workdir \"..\"" + outside),
                arguments("an option as base", SpawnRequest.prompt("do it").base("-x"),
                        "base \"-x\" is not a revision: name a branch, tag or commit"),
                arguments("an unknown base", SpawnRequest.prompt("do it").base("no-such-branch"),
                        "unknown base \"no-such-branch\": name a branch, tag or commit"),
                arguments("a base in place", SpawnRequest.prompt("do it").base("main").inPlace(),
                        "base needs a worktree: drop worktree=false or base"),
                arguments("files outside", SpawnRequest.prompt("do it").files("src/a.py", "../a.py"),
                        "files \"../a.py\"" + outside),
                arguments("an unknown provider", SpawnRequest.prompt("do it").provider("nope"),
                        "unknown provider \"nope\"; " + PROVIDERS),
                arguments("depends_on an unknown job", SpawnRequest.prompt("do it").dependsOn("agent-000000"),
                        "unknown job id \"agent-000000\": job_status lists the jobs of this project"),
                arguments("depends_on a malformed id", SpawnRequest.prompt("do it").dependsOn("../jobs"),
                        "malformed job id \"../jobs\": ids look like claude-3f9a1c (job_status lists them)"),
                arguments("depends_on a failed job", SpawnRequest.prompt("do it").dependsOn(failed),
                        "depends_on " + failed + ", which failed: it will not succeed; drop it, or resume it first"),
                arguments("verify an unknown check", SpawnRequest.prompt("do it").verify("lint", null),
                        "verify \"lint\" is not a check: use one of auto, unit (checks are named in bg-agents.json "
                                + "\"verify\"; a command is never taken from the call)"),
                arguments("fix_attempts without verify", SpawnRequest.prompt("do it").verify(null, 2),
                        "fix_attempts needs verify: pass verify=\"auto\" or a check named in bg-agents.json"),
                arguments("an option as model", SpawnRequest.prompt("do it").model("-rf"),
                        "model \"-rf\" is not a model name: letters, digits and . _ : / @ + - (not starting with -), "
                                + "at most 100"),
                arguments("a fallback unknown", SpawnRequest.prompt("do it").fallback("other", "nope"),
                        "fallback \"nope\": unknown provider \"nope\"; " + PROVIDERS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedInOneLineWithNothingMade(String what, SpawnRequest request, String message) throws Exception {
        List<String> before = f.footprint();
        Refusal r = assertThrows(Refusal.class, () -> f.engine.spawning().spawn(request.build()));
        assertEquals(message, r.getMessage());
        assertEquals(before, f.footprint(), "nothing made");
    }
}
