package dev.bgagents.view;

import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.Config;
import dev.bgagents.providers.Providers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** tail's readable lines, told by each CLI's own parser from its real captured output. */
class ReadableLogTest {

    private static List<String> read(String provider, String fixture) throws Exception {
        StreamParser parser = new Providers(Config.DEFAULTS).cli(provider).orElseThrow().newParser();
        List<String> out = new ArrayList<>();
        ReadableLog log = new ReadableLog(parser, out::add);
        Fixtures.lines(fixture).forEach(log::line);
        log.end();
        return out;
    }

    @ParameterizedTest
    @CsvSource({"claude, claude-write.stdout.jsonl", "codex, codex-write.stdout.jsonl",
            "gemini, gemini-write.stdout.jsonl", "opencode, opencode-write.stdout.jsonl"})
    void eachCliReadsAsTheFileItWroteAndWhatItSaid(String provider, String fixture) throws Exception {
        List<String> lines = read(provider, fixture);
        System.out.println(provider + ": " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("hello.txt") && !l.startsWith("{")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("said: ")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("{")), "no raw JSON: " + lines);
        // a streamed reply is told once, whole, not delta by delta
        assertEquals(lines.stream().distinct().count(), lines.size(), lines.toString());
    }

    @Test
    void anErrorTheCliReportedReadsAsAnError() throws Exception {
        List<String> lines = read("codex", "codex-429.jsonl");
        System.out.println("codex-429: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("error: ")), lines.toString());
    }

    @Test
    void plainTextLinesAreShownAsTheyAre() {
        StreamParser parser = new Providers(Config.DEFAULTS).cli("claude").orElseThrow().newParser();
        List<String> out = new ArrayList<>();
        ReadableLog log = new ReadableLog(parser, out::add);
        log.line("Traceback (most recent call last):");
        log.line("");
        log.end();
        assertEquals(List.of("Traceback (most recent call last):"), out);
    }
}
