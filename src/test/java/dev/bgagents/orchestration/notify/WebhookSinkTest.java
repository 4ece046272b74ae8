package dev.bgagents.orchestration.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What one webhook delivery makes of the receiver's answer, and how the body is signed. */
class WebhookSinkTest {
    private static final NotifyEvent EVENT = new NotifyEvent("job_ended-claude-aaaaaa", "job_ended", "claude-aaaaaa",
            "succeeded", "claude-aaaaaa succeeded in 30 s", "/work/repo", null, Instant.parse("2026-12-01T10:00:31Z"));

    private static WebhookSink sink(String url, String secretEnv, Map<String, String> env) {
        return new WebhookSink(url, secretEnv, Duration.ofSeconds(5), env);
    }

    @ParameterizedTest(name = "HTTP {0}: delivered={1}, tried again={2}")
    @CsvSource({
            "200, true, false",
            "201, true, false",
            "204, true, false",
            "301, false, false", // redirects are not followed: the event is not sent elsewhere
            "400, false, false",
            "401, false, false",
            "404, false, false",
            "408, false, true",
            "429, false, true",
            "500, false, true",
            "503, false, true",
    })
    void theReceiversAnswerDecidesDeliveredRetriedOrGivenUp(int code, boolean delivered, boolean retry) throws Exception {
        try (Receiver receiver = new Receiver(code)) {
            Sink.Attempt a = sink(receiver.url(), null, Map.of()).deliver(EVENT);
            assertEquals(delivered, a.delivered(), a.toString());
            assertEquals(retry, a.retry(), a.toString());
            assertEquals("HTTP " + code, a.said());
            assertEquals(1, receiver.requests.size(), "one attempt is one request");
            Receiver.Request r = receiver.requests.get(0);
            assertEquals("job_ended", r.event());
            assertEquals(EVENT.id(), r.delivery(), "the delivery id lets a receiver drop a repeat");
            assertEquals(EVENT.json(), r.body());
            assertNull(r.signature(), "no secret named: unsigned");
        }
    }

    @Test
    void aRefusedConnectionIsTriedAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Sink.Attempt a = sink("http://127.0.0.1:" + port + "/hook", null, Map.of()).deliver(EVENT);
        assertFalse(a.delivered());
        assertTrue(a.retry(), a.toString());
        assertTrue(a.said().startsWith("ConnectException"), a.said());
    }

    @Test
    void theSignatureIsHmacSha256OfTheBodyInHex() {
        // RFC 4231, test case 2
        assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                WebhookSink.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)));
    }

    /** {@code value}: what the named variable holds ("-": unset). */
    @ParameterizedTest(name = "secret variable {0}: sent={1}")
    @CsvSource({
            "-, false",
            "'', false",
            "s3cr3t, true",
    })
    void aNamedSecretThatIsUnsetOrEmptySendsNothingRatherThanSendUnsigned(String value, boolean sent) throws Exception {
        Map<String, String> env = new HashMap<>();
        if (!value.equals("-")) {
            env.put("HOOK_KEY", value);
        }
        try (Receiver receiver = new Receiver()) {
            WebhookSink sink = sink(receiver.url(), "HOOK_KEY", env);
            Sink.Attempt a = sink.deliver(EVENT);
            assertEquals(sent, a.delivered(), a.toString());
            assertFalse(a.retry(), "an unset secret is not set by waiting");
            assertEquals(sent ? 1 : 0, receiver.requests.size());
            assertEquals(sent, sink.cannotWorkHere().isEmpty(), "doctor tells: " + sink.cannotWorkHere());
            if (sent) {
                Receiver.Request r = receiver.requests.get(0);
                assertEquals(WebhookSink.sign("s3cr3t", r.body().getBytes(StandardCharsets.UTF_8)), r.signature());
            } else {
                assertEquals("$HOOK_KEY is not set: not sent unsigned", a.said());
            }
        }
    }

    @ParameterizedTest(name = "{0} with secret {1}")
    @CsvSource({
            "http://127.0.0.1:9/hook?token=abc, '', POST http://127.0.0.1:9/hook (unsigned)",
            "https://hooks.example.invalid/a/b?x=1#f, HOOK_KEY, POST https://hooks.example.invalid/a/b (signed with $HOOK_KEY)",
    })
    void doctorShowsTheEndpointWithoutItsQueryAndWhetherItIsSigned(String url, String secretEnv, String line) {
        assertEquals(line, sink(url, secretEnv.isEmpty() ? null : secretEnv, Map.of()).describe());
    }
}
