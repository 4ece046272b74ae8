package dev.bgagents.view;

import dev.bgagents.agents.Fixtures;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.Config;
import dev.bgagents.providers.Providers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** An agent that only talks, in each CLI's event shapes: two messages, no tool between them. */
    private static final Map<String, List<String>> TALK_ONLY = Map.of(
            "claude", List.of(
                    "{\"type\":\"assistant\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"text\",\"text\":\"Reading the code.\"}]}}",
                    "{\"type\":\"assistant\",\"message\":{\"id\":\"m2\",\"content\":[{\"type\":\"text\",\"text\":\"Still reading.\"}]}}"),
            "codex", List.of(
                    "{\"type\":\"item.completed\",\"item\":{\"id\":\"i1\",\"type\":\"agent_message\",\"text\":\"Reading the code.\"}}",
                    "{\"type\":\"item.completed\",\"item\":{\"id\":\"i2\",\"type\":\"agent_message\",\"text\":\"Still reading.\"}}"),
            "gemini", List.of(
                    "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Reading \",\"delta\":true}",
                    "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"the code.\",\"delta\":true}",
                    "{\"type\":\"message\",\"role\":\"assistant\",\"content\":\"Still reading.\"}"),
            "opencode", List.of(
                    "{\"type\":\"text\",\"part\":{\"type\":\"text\",\"text\":\"Reading the code.\"}}",
                    "{\"type\":\"text\",\"part\":{\"type\":\"text\",\"text\":\"Still reading.\"}}"));

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "gemini", "opencode"})
    void anAgentThatOnlyTalksIsHeardMessageByMessageAsItSpeaks(String provider) {
        StreamParser parser = new Providers(Config.DEFAULTS).cli(provider).orElseThrow().newParser();
        List<String> out = new ArrayList<>();
        ReadableLog log = new ReadableLog(parser, out::add);
        TALK_ONLY.get(provider).forEach(log::line);
        // the first message is told once the second begins, while the agent still runs
        assertEquals(List.of("said: Reading the code."), out.subList(0, Math.min(1, out.size())), out.toString());
        log.end();
        assertEquals(List.of("said: Reading the code.", "said: Still reading."), out);
    }

    @Test
    void aLongMessageIsToldBoundedAndWhatFollowsIsStillTold() {
        StreamParser parser = new Providers(Config.DEFAULTS).cli("codex").orElseThrow().newParser();
        List<String> out = new ArrayList<>();
        ReadableLog log = new ReadableLog(parser, out::add);
        for (int i = 0; i < 1000; i++) {
            log.line("{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"" + i + " "
                    + "x".repeat(5000) + "\"}}");
        }
        log.end();
        assertEquals(1000, out.size());
        assertTrue(out.get(999).startsWith("said: 999 "), out.get(999).substring(0, 20));
        assertTrue(out.stream().allMatch(l -> l.length() <= 2010), "each bounded");
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
