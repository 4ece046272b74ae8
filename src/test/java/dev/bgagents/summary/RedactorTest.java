package dev.bgagents.summary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactorTest {
    private static final Redactor NONE = new Redactor(Map.of());

    @Test
    void terminalControlSequencesAndBellsNeverReachTheHost() {
        String agent = "\u001B[1;32mPASS\u001B[0m 12 tests\u0007\n"
                + "\u001B]0;agent title\u0007\u001B]8;;http://x\u001B\\link\u001B]8;;\u001B\\\n"
                + "progress 10%\rprogress 100%\r\n"
                + "back\bspace nul\u0000 del\u007F c1\u009B ok\u001B7\u001B8\u001B(B\ttab";
        assertEquals("PASS 12 tests\nlink\nprogress 10%\nprogress 100%\nbackspace nul del c1 ok\ttab", NONE.redact(agent));
    }

    @Test
    void plainTextAndUnicodeAreLeftAsTheyAre() {
        String text = "## job: succeeded — ünïcode ✓\nFinal message:\n\tindented\n";
        assertEquals(text, NONE.redact(text));
    }

    @Test
    void aSecretSplitByAColourCodeIsStillMasked() {
        Redactor r = new Redactor(Map.of("MY_API_TOKEN", "tok-1234567890abcdef"));
        assertEquals("key [REDACTED] and [REDACTED]",
                r.redact("key \u001B[31msk-ant-api03-abcdefghijklmnopqrstuv\u001B[0m and tok-1234567890\u001B[0mabcdef"));
    }

    /** Where a cut of "a tok-1234567890abcdef b sk-abcdefghijklmnopqrstuv c" would show a secret in parts. */
    @ParameterizedTest(name = "at {0}")
    @CsvSource(nullValues = "none", value = {
            "0, none", "2, none", "3, 2–22", "21, 2–22", "22, none", "25, none", "26, 25–50", "49, 25–50", "50, none"})
    void aCutInsideASecretSpansIt(int at, String span) {
        Redactor r = new Redactor(Map.of("MY_API_TOKEN", "tok-1234567890abcdef"));
        String text = "a tok-1234567890abcdef b sk-abcdefghijklmnopqrstuv c";
        assertEquals(span, r.cutBy(text, at).map(s -> s.start() + "–" + s.end()).orElse(null));
    }
}
