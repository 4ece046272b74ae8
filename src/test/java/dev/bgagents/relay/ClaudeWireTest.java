package dev.bgagents.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.agents.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The relay's side of claude's channel, against lines claude 2.1.197 wrote and the shapes it took back. */
class ClaudeWireTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCanUseToolRequestIsAnAskWithItsToolAndCommand() throws Exception {
        List<String> lines = Fixtures.lines("claude-channel-allow.stdout.jsonl");
        String request = lines.get(Fixtures.indexOfLineContaining(lines, "\"can_use_tool\""));

        ClaudeWire.Seen seen = ClaudeWire.read(request);

        ClaudeWire.ToolAsk ask = assertInstanceOf(ClaudeWire.Asked.class, seen).ask();
        assertEquals("Bash", ask.tool());
        assertEquals("touch /tmp/probe/allow/created", ask.detail());
        assertEquals(JSON.readTree(request).path("request_id").asText(), ask.requestId());
    }

    @Test
    void aResultEndsATurnAndTheTranscriptConcernsNobody() throws Exception {
        List<String> lines = Fixtures.lines("claude-channel-allow.stdout.jsonl");

        assertInstanceOf(ClaudeWire.TurnEnded.class, ClaudeWire.read(lines.get(lines.size() - 1)));
        assertInstanceOf(ClaudeWire.InTurn.class, ClaudeWire.read(lines.get(0)));
        assertInstanceOf(ClaudeWire.InTurn.class, ClaudeWire.read(lines.get(1)));
        assertInstanceOf(ClaudeWire.Other.class, ClaudeWire.read("not json \"result\""));
        assertInstanceOf(ClaudeWire.InTurn.class, ClaudeWire.read(
                "{\"type\":\"user\",\"tool_use_result\":{\"result\":\"ok\"}}"), "a turn's line that names a result");
    }

    @Test
    void theAnswerToAnInterruptIsAControlLineNotATurn() throws Exception {
        List<String> lines = Fixtures.lines("claude-channel-interrupt.stdout.jsonl");

        assertInstanceOf(ClaudeWire.Control.class, ClaudeWire.read(lines.get(Fixtures.indexOfLineContaining(lines,
                "\"control_response\""))));
        assertInstanceOf(ClaudeWire.Other.class, ClaudeWire.read("{\"type\":\"system\",\"subtype\":\"task_started\"}"));
    }

    @Test
    void theRepliesHaveTheShapesClaudeTookBack() throws Exception {
        ClaudeWire.ToolAsk ask = new ClaudeWire.ToolAsk("r-1", "Bash", JSON.readTree("{\"command\":\"ls\"}"));

        JsonNode allow = JSON.readTree(ClaudeWire.allow(ask));
        assertEquals("control_response", allow.path("type").asText());
        assertEquals("success", allow.at("/response/subtype").asText());
        assertEquals("r-1", allow.at("/response/request_id").asText());
        assertEquals("allow", allow.at("/response/response/behavior").asText());
        assertEquals("ls", allow.at("/response/response/updatedInput/command").asText());

        JsonNode deny = JSON.readTree(ClaudeWire.deny(ask, "denied by the person: no"));
        assertEquals("deny", deny.at("/response/response/behavior").asText());
        assertEquals("denied by the person: no", deny.at("/response/response/message").asText());

        JsonNode interrupt = JSON.readTree(ClaudeWire.interrupt("i-1"));
        assertEquals("control_request", interrupt.path("type").asText());
        assertEquals("interrupt", interrupt.at("/request/subtype").asText());

        JsonNode user = JSON.readTree(ClaudeWire.user("say \"hi\"\nand go"));
        assertEquals("user", user.path("type").asText());
        assertEquals("say \"hi\"\nand go", user.at("/message/content").asText());
    }

    @Test
    void theDetailIsTheArgumentAPersonRecognises() throws Exception {
        assertEquals("/w/a.txt", new ClaudeWire.ToolAsk("r", "Write",
                JSON.readTree("{\"file_path\":\"/w/a.txt\",\"content\":\"x\"}")).detail());
        assertEquals("https://example.com", new ClaudeWire.ToolAsk("r", "WebFetch",
                JSON.readTree("{\"url\":\"https://example.com\",\"prompt\":\"p\"}")).detail());
        assertEquals("a b", new ClaudeWire.ToolAsk("r", "Bash", JSON.readTree("{\"command\":\"a\\nb\"}")).detail());
        assertEquals("", new ClaudeWire.ToolAsk("r", "X", JSON.createObjectNode()).detail());
    }

    @Test
    void aLineTooLongToKeepIsJudgedByItsStartAndItsRequestCanOnlyBeDenied() throws Exception {
        String start = "{\"type\":\"control_request\",\"request_id\":\"r-9\",\"request\":{\"subtype\":\"can_use_tool\","
                + "\"tool_name\":\"Write\",\"input\":{\"content\":\"xxxx";

        ClaudeWire.ToolAsk ask = assertInstanceOf(ClaudeWire.Asked.class,
                ClaudeWire.read(new LineTap.Line(start, true))).ask();

        assertEquals("r-9", ask.requestId());
        assertEquals("Write", ask.tool());
        Approvals.Outcome o = new Approvals(dev.bgagents.channel.ChannelDir.of(java.nio.file.Path.of("/nonexistent")),
                java.time.Duration.ofSeconds(1), true, java.time.Clock.systemUTC()).decide(ask);
        assertEquals("deny", JSON.readTree(o.reply()).at("/response/response/behavior").asText());
        assertInstanceOf(ClaudeWire.TurnEnded.class, ClaudeWire.read(new LineTap.Line("{\"type\":\"result\",\"x", true)));
    }

    @Test
    void theTapCopiesEveryByteAndKeepsOnlyTheStartOfALongLine() throws Exception {
        byte[] big = ("{\"a\":\"" + "é".repeat(LineTap.KEPT) + "\"}\nsecond\nlast-no-newline").getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<LineTap.Line> lines = new java.util.ArrayList<>();

        LineTap.copy(new java.io.ByteArrayInputStream(big), out, lines::add);

        assertArrayEquals(big, out.toByteArray());
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).cut());
        assertEquals(new LineTap.Line("second", false), lines.get(1));
        assertEquals(new LineTap.Line("last-no-newline", false), lines.get(2));
    }
}
