package dev.bgagents.agents;

import dev.bgagents.agents.claude.ClaudeCli;
import dev.bgagents.agents.codex.CodexCli;
import dev.bgagents.agents.gemini.GeminiCli;
import dev.bgagents.agents.opencode.OpencodeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback decision — "could another provider do this task?" — on the reasons the real
 * parsers give for real CLI output: a provider's trouble (key, quota, rate limit, model name,
 * model server) says yes; a job that failed on its merits says no.
 */
class ProviderTroubleTest {

    @Test
    void codexRateLimitedCutOffAndOpencodeUnauthorisedAreTheProvidersTrouble() throws IOException {
        List<String> reasons = List.of(
                Fixtures.parse(new CodexCli().newParser(), Fixtures.lines("codex-429.jsonl"), List.of(), 1).reason(),
                Fixtures.parse(new CodexCli().newParser(), Fixtures.lines("codex-cut-stream.jsonl"), List.of(), 1).reason(),
                Fixtures.parse(new OpencodeCli().newParser(), Fixtures.lines("opencode-401.jsonl"), List.of(), 1).reason());
        for (String reason : reasons) {
            assertTrue(ApiErrors.isProviderTrouble(reason), reason);
            // as recorded when the agent also left a process behind
            assertTrue(ApiErrors.isProviderTrouble(reason + "; left processes behind: 1 killed"), reason);
        }
    }

    @Test
    void claudeRateLimitedIsTheProvidersTrouble() throws IOException {
        // real claude 2.1.197 against a model server answering 429 (FallbackE2EIT), exit 1
        String reason = Fixtures.parse(new ClaudeCli().newParser(), Fixtures.lines("claude-429.stdout.jsonl"),
                List.of(), 1).reason();
        assertTrue(reason.startsWith("rate limited (HTTP 429)"), reason);
        assertTrue(ApiErrors.isProviderTrouble(reason), reason);
    }

    /** Claude's real result line, turned into the API errors it reports (subtype still "success"). */
    @ParameterizedTest(name = "claude HTTP {0}")
    @ValueSource(ints = {401, 403, 404, 429, 500, 529})
    void claudeApiErrorsAreTheProvidersTrouble(int status) throws IOException {
        String reason = claude(result -> {
            result.put("is_error", true);
            result.put("api_error_status", status);
            result.put("result", "API Error: " + status + " {\"type\":\"error\"}");
        }, 1);
        assertTrue(ApiErrors.isProviderTrouble(reason), reason);
    }

    @Test
    void claudeNotLoggedInIsTheProvidersTrouble() throws IOException {
        String reason = claude(result -> {
            result.put("is_error", true);
            result.put("result", "Not logged in · Please run /login");
        }, 1);
        assertTrue(ApiErrors.isProviderTrouble(reason), reason);
    }

    /** What each CLI said in FailuresE2EIT's runs (explained as its parser does). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unexpected status 401 Unauthorized: {"error":{"message":"Incorrect API key provided"}}
            exceeded retry limit, last status: 429 Too Many Requests
            You exceeded your current quota, please check your plan and billing details.
            We’re currently experiencing high demand, which may cause temporary errors.
            API Error: Unable to connect to API (ConnectionRefused)
            Attempt 3 failed. Retrying with backoff... Error: exception TypeError: fetch failed sending request
            Missing environment variable: `MOCK_API_KEY`.
            ProviderModelNotFoundError: Model not found: mock/x.
            AI_APICallError: Internal Server Error
            Reconnecting... waiting for network
            """)
    void whatTheClisSaidOfTheirModelServerIsTheProvidersTrouble(String message) {
        assertTrue(ApiErrors.isProviderTrouble(ApiErrors.explain(message)), ApiErrors.explain(message));
        assertTrue(ApiErrors.isProviderTrouble(ApiErrors.explain(message) + " (gemini keeps retrying)"));
    }

    @Test
    void aRunThatFailedOnItsMeritsIsNot() throws IOException {
        List<String> reasons = new ArrayList<>();
        reasons.add(Fixtures.parse(new ClaudeCli().newParser(), Fixtures.lines("claude-max-turns.json"), List.of(), 1)
                .reason());
        reasons.add(Fixtures.parse(new GeminiCli().newParser(), Fixtures.lines("gemini-max-turns.jsonl"), List.of(), 1)
                .reason());
        // the agent's tests failed and it gave up: exit 1, its own words on stderr (429 among them)
        reasons.add(Fixtures.parse(new ClaudeCli().newParser(), List.of(), List.of("npm ERR! 2 tests failed",
                "expected 200, got 429"), 1).reason());
        // success reported, then a non-zero exit
        reasons.add(claude(result -> { }, 1));
        // a cut-off run: exit 0 without a result
        reasons.add(Fixtures.parse(new ClaudeCli().newParser(), Fixtures.lines("claude-write.stdout.jsonl")
                .subList(0, 2), List.of(), 0).reason());
        for (String reason : reasons) {
            assertFalse(ApiErrors.isProviderTrouble(reason), reason);
        }
        assertFalse(ApiErrors.isProviderTrouble(null));
        assertFalse(ApiErrors.isProviderTrouble("cancelled"));
        assertFalse(ApiErrors.isProviderTrouble("timed out after 30 min"));
    }

    private static String claude(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> edit,
                                 int exit) throws IOException {
        List<String> lines = new ArrayList<>(Fixtures.lines("claude-write.stdout.jsonl"));
        lines.set(lines.size() - 1, Fixtures.edited(lines.get(lines.size() - 1), edit));
        return Fixtures.parse(new ClaudeCli().newParser(), lines, List.of(), exit).reason();
    }
}
