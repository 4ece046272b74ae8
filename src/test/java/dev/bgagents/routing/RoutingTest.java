package dev.bgagents.routing;

import dev.bgagents.routing.Routing.Choice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingTest {
    private static final Predicate<String> ALL = p -> true;

    // ---- classify ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Add a database migration that creates the orders table                | migration
            ALTER TABLE users to add a last_login column; write the migration     | migration
            Write unit tests for the parser                                       | tests
            Increase test coverage of the job store                               | tests
            Update the README and API docs                                        | docs
            Add docstrings to every public function                               | docs
            Review src/auth for security issues                                   | review
            Audit the dependency list                                             | review
            Add TypeScript type definitions for the config                        | utils
            Write a helper that formats durations                                 | utils
            Refactor the payment service across handlers and the API              | complex
            Make the checkout page faster                                         | complex
            Define the Order and LineItem models                                  | models
            Add a DTO for the user profile                                        | models
            """)
    void realisticTasksAreClassified(String task, String kind) {
        assertEquals(kind, Routing.classify(task).wire(), task);
    }

    @Test
    void classificationIgnoresCase() {
        assertEquals(TaskKind.DOCS, Routing.classify("UPDATE THE README"));
    }

    @Test
    void apiWorkOutweighsASingleKindWord() {
        assertEquals(TaskKind.COMPLEX, Routing.classify("Refactor the API endpoints and their tests"));
    }

    @Test
    void onlyTheOpeningOfALongPromptCounts() {
        String task = "Make the checkout page faster. " + "x".repeat(3000) + " tests tests tests readme";

        assertEquals(TaskKind.COMPLEX, Routing.classify(task));
    }

    @Test
    void everyKindRoundTripsThroughItsWireName() {
        for (TaskKind k : TaskKind.values()) {
            assertEquals(Optional.of(k), TaskKind.fromWire(k.wire()));
        }
        assertEquals(Optional.empty(), TaskKind.fromWire("nonsense"));
    }

    // ---- choose ----

    @Test
    void picksTheFirstProviderOfTheKindsOrder() {
        Routing routing = new Routing(Map.of());

        assertEquals(new Choice("gemini", TaskKind.TESTS), routing.choose("Write unit tests for the parser", ALL).orElseThrow());
        assertEquals(new Choice("codex", TaskKind.MIGRATION),
                routing.choose("Add a database migration that creates the orders table", ALL).orElseThrow());
        assertEquals(new Choice("ollama", TaskKind.UTILS),
                routing.choose("Add TypeScript type definitions for the config", ALL).orElseThrow());
        assertEquals(new Choice("claude", TaskKind.COMPLEX),
                routing.choose("Refactor the payment service across handlers and the API", ALL).orElseThrow());
    }

    @Test
    void skipsProvidersThatAreNotUsable() {
        Routing routing = new Routing(Map.of());

        Optional<Choice> choice = routing.choose("Write unit tests for the parser", installed("claude", "codex"));

        assertEquals(Optional.of(new Choice("claude", TaskKind.TESTS)), choice);
    }

    @Test
    void fallsBackToTheComplexOrderWhenNoneOfTheKindsProvidersIsUsable() {
        Routing routing = new Routing(Map.of("tests", List.of("gemini")));

        Optional<Choice> choice = routing.choose("Write unit tests for the parser", installed("opencode", "codex"));

        assertEquals(Optional.of(new Choice("codex", TaskKind.COMPLEX)), choice);
    }

    @Test
    void anOverrideReplacesTheKindsOrder() {
        Routing routing = new Routing(Map.of("tests", List.of("opencode", "claude")));

        assertEquals(Optional.of(new Choice("opencode", TaskKind.TESTS)),
                routing.choose("Write unit tests for the parser", ALL));
        assertEquals(Optional.of(new Choice("codex", TaskKind.MODELS)),
                routing.choose("Define the Order and LineItem models", ALL), "other kinds keep their order");
    }

    @Test
    void anOverrideMayNameACustomProvider() {
        Routing routing = new Routing(Map.of("docs", List.of("myagent")));

        assertEquals(Optional.of(new Choice("myagent", TaskKind.DOCS)),
                routing.choose("Update the README and API docs", installed("myagent", "claude")));
    }

    @Test
    void nothingUsableMeansNoChoice() {
        Routing routing = new Routing(Map.of());

        for (String task : List.of("Write unit tests for the parser", "Make the checkout page faster",
                "Add TypeScript type definitions for the config")) {
            assertTrue(routing.choose(task, p -> false).isEmpty(), task);
        }
    }

    private static Predicate<String> installed(String... names) {
        return Set.of(names)::contains;
    }
}
