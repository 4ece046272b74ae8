package dev.bgagents.orchestration.checks;

import dev.bgagents.agents.Usage;
import dev.bgagents.jobs.Verification;
import dev.bgagents.jobs.VerifySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an agent is told when its work fails the check, and what of the check's output is kept. */
class FixPromptTest {
    private static final VerifySpec NPM = new VerifySpec(List.of("npm", "test"), "auto", 2, 10);

    @Test
    void aFailingCheckKeepsOnlyTheLastLinesOfItsOutputWithoutTerminalControls(@TempDir Path dir) throws Exception {
        String output = IntStream.rangeClosed(1, 400).mapToObj(i -> "\u001B[31mline " + i + "\u001B[0m\r")
                .collect(Collectors.joining("\n")) + "\nFAIL src/app.test.js\n";
        Path log = Files.writeString(dir.resolve("verify.log"), output);
        String tail = CheckRun.tail(log, TailLines.none());
        assertTrue(tail.endsWith("FAIL src/app.test.js"), tail);
        assertEquals(CheckStep.TAIL_LINES, tail.lines().count());
        assertTrue(tail.length() <= CheckStep.TAIL_CHARS);
        assertFalse(tail.contains("\u001B") || tail.contains("\r"), tail);
        assertTrue(tail.startsWith("line 377"), tail);
    }

    @Test
    void theFixPromptNamesTheCommandItsExitTheRoundAndTheTail() {
        Verification v = new Verification(Verification.FAILED, 1, "Expected 4, got 5\nFAIL sum.test.js", 0, 2.5, 0, 0,
                Usage.NONE, null);
        String prompt = FixPrompt.render(NPM, v, 1);
        assertTrue(prompt.contains("`npm test` exited 1 (fix attempt 1 of 2)"), prompt);
        assertTrue(prompt.contains("```\nExpected 4, got 5\nFAIL sum.test.js\n```"), prompt);
        assertTrue(prompt.contains("Run `npm test` again"), prompt);
    }

    @Test
    void theReasonSaysHowTheCheckEndedAndAfterHowManyFixes() {
        assertEquals("verification failed: `npm test` exited 1 after 2 fix attempts", CheckStep.failure(NPM,
                new Verification(Verification.FAILED, 1, "x", 2, 1, 0, 0, null, null)));
        assertEquals("verification failed: `npm test` exited 3", CheckStep.failure(NPM,
                new Verification(Verification.FAILED, 3, "x", 0, 1, 0, 0, null, null)));
        assertEquals("verification timed out (10 min): `npm test` after 1 fix attempt", CheckStep.failure(NPM,
                new Verification(Verification.TIMED_OUT, null, "x", 1, 600, 0, 0, null, null)));
        assertEquals("verification could not run: `npm test` exited 127 (command not found)", CheckStep.failure(NPM,
                new Verification(Verification.NOT_RUN, 127, null, 0, 0, 0, 0, null, null)));
    }

    @Test
    void roundsAddUpWhatTheySpent() {
        Verification v = new Verification(Verification.FAILED, 1, "x", 0, 1, 0, 0, null, null)
                .nextRound(100, 7, new Usage(10L, 5L, null, 0.5))
                .nextRound(300, 9, new Usage(20L, 1L, 3L, 0.25));
        assertEquals(2, v.fixes());
        assertEquals(new Usage(30L, 6L, 3L, 0.75), v.earlier());
        assertEquals(300, v.stdoutFrom());
        assertEquals(9, v.stderrFrom());
    }
}
