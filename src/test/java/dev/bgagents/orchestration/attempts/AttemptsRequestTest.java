package dev.bgagents.orchestration.attempts;

import dev.bgagents.orchestration.Ask;
import dev.bgagents.orchestration.api.Refusal;
import dev.bgagents.orchestration.api.Spawning;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** spawn_agent {attempts} as asked: 2 to 5 providers, each attempt in a worktree of its own, on no other job. */
class AttemptsRequestTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("one provider", List.of("agent"), Ask.prompt("fix it"),
                        "attempts takes 2 to 5 providers (got 1), e.g. [\"claude\", \"codex\", \"gemini\"]"),
                Arguments.of("six providers", List.of("a", "b", "c", "d", "e", "f"), Ask.prompt("fix it"),
                        "attempts takes 2 to 5 providers (got 6), e.g. [\"claude\", \"codex\", \"gemini\"]"),
                Arguments.of("a provider too", List.of("agent", "other"), Ask.prompt("fix it").provider("agent"),
                        "give provider or attempts, not both: attempts names the provider of each attempt"),
                Arguments.of("worktree false", List.of("agent", "other"), Ask.prompt("fix it").worktree(false),
                        "attempts run side by side, each in a worktree of its own: drop worktree=false"),
                Arguments.of("depends_on", List.of("agent", "other"), Ask.prompt("fix it").dependsOn("agent-aaaaaa"),
                        "attempts do not take depends_on: start them once the work they build on is merged"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedInOneLine(String what, List<String> providers, Ask task, String message) {
        Refusal r = assertThrows(Refusal.class, () -> new Spawning.AttemptsRequest(providers, task.request()));
        assertEquals(message, r.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("two providers", List.of("agent", "other"), Ask.prompt("fix it")),
                Arguments.of("five providers", List.of("a", "b", "c", "d", "e"), Ask.prompt("fix it")),
                Arguments.of("worktree true", List.of("agent", "other"), Ask.prompt("fix it").worktree(true)),
                Arguments.of("depends_on empty", List.of("agent", "other"), Ask.prompt("fix it").dependsOn()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepted(String what, List<String> providers, Ask task) {
        assertEquals(providers, new Spawning.AttemptsRequest(providers, task.request()).providers());
    }
}
