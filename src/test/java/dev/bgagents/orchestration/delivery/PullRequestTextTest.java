package dev.bgagents.orchestration.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A pull request's title as plain text, and a body nothing in which GitHub acts on. */
class PullRequestTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "# Task 04: Square helper on the facade|Square helper on the facade",
            "## **Bold** and `code` and _em_ in read_summary|Bold and code and em in read_summary",
            "See [the docs](https://x.invalid) <b>now</b>|See the docs now",
            "tab\tand\u001b[31m colour\u202e|tab and colour",
            "' '|bg-agents job x"})
    void theTitleIsPlainText(String task, String title) {
        assertEquals(title, PullRequestText.title(task, "bg-agents job x"));
    }

    @Test
    void aLongTitleIsCutOnOneLine() {
        String t = PullRequestText.title("word ".repeat(100), "x");
        assertTrue(t.length() <= PullRequestText.MAX_TITLE_CHARS && t.endsWith("…"), t);
    }

    @Test
    void theBodyNotifiesNobodyClosesNothingAndRendersNoHtml() {
        String body = PullRequestText.body(List.of("Opened by bg-agents."), "Thanks @octocat! Fixes #12, closes "
                + "own/rep#3, resolved. <!-- hidden --> <img src=x>");
        assertTrue(body.startsWith("Opened by bg-agents.\n\n"), body);
        for (String acted : List.of("@octocat", "#12", "Fixes", "closes", "resolved", "<!--", "<img")) {
            assertFalse(body.contains(acted), acted + " in " + body);
        }
        assertEquals("Thanks @octocat! Fixes #12, closes own/rep#3, resolved. &lt;!-- hidden --> &lt;img src=x>",
                body.substring(body.indexOf("Thanks")).replace("\u200B", ""), "reads the same");
        assertTrue(PullRequestText.body(List.of("x"), "y".repeat(50_000)).length() <= PullRequestText.MAX_BODY_CHARS);
    }
}
