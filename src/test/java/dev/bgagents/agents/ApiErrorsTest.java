package dev.bgagents.agents;

import dev.bgagents.text.Clip;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unexpected status 401 Unauthorized: {"error":{"message":"Incorrect API key provided"}} | authentication failed (HTTP 401)
            exceeded retry limit, last status: 429 Too Many Requests                              | rate limited (HTTP 429)
            We’re currently experiencing high demand, which may cause temporary errors.           | model server error (HTTP 5xx)
            API Error: Unable to connect to API (ConnectionRefused)                               | model server unreachable
            Attempt 3 failed. Retrying with backoff... Error: exception TypeError: fetch failed sending request | model server unreachable
            Missing environment variable: `MOCK_API_KEY`.                                          | credentials missing
            stream disconnected before completion: stream closed before response.completed         | cut off
            ProviderModelNotFoundError: Model not found: mock/x.                                   | model or endpoint not found
            AI_APICallError: Internal Server Error                                                 | model server error (HTTP 5xx)
            API Error: 529 {"type":"error","error":{"type":"overloaded_error"}}                    | model server error (HTTP 529)
            Not logged in · Please run /login                                                      | authentication failed
            Reconnecting... waiting for network                                                    | model server unreachable
            """)
    void observedMessagesMapToTheirKind(String message, String kind) {
        String explained = ApiErrors.explain(message);

        int dash = explained.indexOf(" — ");
        assertTrue(dash > 0, "the CLI's own text follows the kind: " + explained);
        assertTrue(explained.substring(0, dash).contains(kind), explained);
        assertTrue(explained.endsWith(Clip.oneLine(message, 140)), explained);
    }

    @Test
    void fixtureMessagesMapToTheirKind() throws IOException {
        assertTrue(ApiErrors.explain(turnFailed("codex-429.jsonl")).startsWith("rate limited (HTTP 429)"));
        assertTrue(ApiErrors.explain(turnFailed("codex-cut-stream.jsonl")).contains("cut off"));

        JsonNode error = Fixtures.JSON.readTree(Fixtures.lines("opencode-401.jsonl").get(0)).path("error");
        String opencode = "HTTP " + error.path("data").path("statusCode").asInt() + ": "
                + error.path("data").path("message").asText();
        assertTrue(ApiErrors.explain(opencode).startsWith("authentication failed (HTTP 401)"), ApiErrors.explain(opencode));

        JsonNode gemini = Fixtures.JSON.readTree(last(Fixtures.lines("gemini-max-turns.jsonl"))).path("error");
        String maxTurns = gemini.path("message").asText();
        assertEquals(maxTurns, ApiErrors.explain(maxTurns), "a turn limit is no API error");
    }

    @Test
    void aRefusalOfTheJobsProxyIsTheAllowListsNotTheKeys() {
        String explained = ApiErrors.explain("unexpected status 403 Forbidden: bg-agents refused: 127.0.0.1:36079 is "
                + "not on providers.codex.network (127.0.0.1:1)");
        assertTrue(explained.startsWith("refused by the provider's network allow-list: add the host to "
                + "providers.<name>.network — unexpected status 403"), explained);
        assertFalse(ApiErrors.isProviderTrouble(explained), "the person's list to fix, not a provider to fall back from");
    }

    @Test
    void theCliTextIsKeptAfterTheKindOnOneLine() {
        String explained = ApiErrors.explain("exceeded retry limit,\n  last status: 429 Too Many Requests");

        assertEquals("rate limited (HTTP 429): retry later or use another provider — "
                + "exceeded retry limit, last status: 429 Too Many Requests", explained);
    }

    @Test
    void statusCodesInsideLongerNumbersAreIgnored() {
        String explained = ApiErrors.explain("request 14291 took 4010 ms");

        assertFalse(explained.contains("HTTP"), explained);
    }

    @Test
    void anUnknownMessageComesBackTrimmedToOneLine() {
        assertEquals("something odd happened here", ApiErrors.explain("  something odd\n  happened\there \n"));
    }

    @Test
    void aLongUnknownMessageIsClipped() {
        String explained = ApiErrors.explain("x".repeat(500));

        assertEquals(200, explained.length());
        assertTrue(explained.endsWith("…"), explained);
    }

    @Test
    void nullAndEmptyMessagesGiveAnEmptyLine() {
        assertEquals("", ApiErrors.explain(null));
        assertEquals("", ApiErrors.explain(""));
    }

    private static String turnFailed(String fixture) throws IOException {
        String line = last(Fixtures.lines(fixture));
        JsonNode node = Fixtures.JSON.readTree(line);
        assertEquals("turn.failed", node.path("type").asText());
        return node.path("error").path("message").asText();
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }
}
