package dev.bgagents.relay;

import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The relay around a stand-in for claude that speaks its channel (a shell script): no model, no node. */
class RelayTest {
    /** Reads the prompt, asks for a tool, reads the answer, ends its turn, and waits for its stdin to close. */
    private static final String ASKING = """
            read -r first; printf '%s\\n' "$first" > "$1/prompt"
            printf '%s\\n' '{"type":"system","subtype":"init","session_id":"s"}'
            for _ in $(seq 50); do [ -f "$1/job/channel/relay.json" ] && break; sleep 0.1; done
            cp "$1/job/channel/relay.json" "$1/info"
            printf '%s\\n' '{"type":"control_request","request_id":"r1","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"ls"}}}'
            read -r reply; printf '%s\\n' "$reply" > "$1/reply"
            printf '%s' '{"type":"result","subtype":"success","result":"é"}'; printf '\\n'
            cat > "$1/rest"; exit 3
            """;

    @Test
    void claudesLinesPassUnchangedItsRequestIsAnsweredAndItsStatusIsTheRelays(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = relay(dir, ASKING, false).run("do it".getBytes(StandardCharsets.UTF_8), out);

        assertEquals(3, code);
        String stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(3, stdout.lines().count(), stdout);
        var info = dev.bgagents.project.StateFiles.json().readValue(dir.resolve("info").toFile(),
                dev.bgagents.channel.RelayInfo.class);
        assertEquals(ProcessHandle.current().pid(), info.pid());
        assertFalse(info.approvals());
        assertTrue(info.steering());
        assertTrue(ChannelDir.of(dir.resolve("job")).relay().isEmpty(), "a relay gone leaves no relay.json");
        assertTrue(stdout.endsWith("{\"type\":\"result\",\"subtype\":\"success\",\"result\":\"é\"}\n"), stdout);
        assertEquals("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"do it\"}}",
                Files.readString(dir.resolve("prompt")).strip());
        assertTrue(Files.readString(dir.resolve("reply")).contains("\"behavior\":\"deny\""));
        assertEquals("", Files.readString(dir.resolve("rest")), "stdin closed after the turn, nothing more sent");
    }

    @Test
    void aMessageInTheInboxKeepsStdinOpenAndReachesClaude(@TempDir Path dir) throws Exception {
        // a turn that lasts a second, then one more turn for the message
        String script = """
                read -r first
                printf '%s\\n' '{"type":"system","subtype":"init","session_id":"s"}'
                sleep 1
                printf '%s\\n' '{"type":"result","subtype":"success","result":"one"}'
                read -r message; printf '%s\\n' "$message" > "$1/message"
                printf '%s\\n' '{"type":"assistant","message":{"id":"m2","content":[]}}'
                printf '%s\\n' '{"type":"result","subtype":"success","result":"two"}'
                cat > /dev/null
                """;
        ChannelDir channel = ChannelDir.of(dir.resolve("job"));
        channel.create();
        channel.send(new InboxMessage(ChannelDir.newId(), InboxMessage.Kind.MESSAGE, "also this", "host", Instant.now()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(0, relay(dir, script, true).run("go".getBytes(StandardCharsets.UTF_8), out));

        assertTrue(Files.readString(dir.resolve("message")).contains("\"content\":\"also this\""));
        assertEquals(List.of(), channel.waiting());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"two\""));
    }

    @Test
    void aRequestATurnEndedWithoutIsAnsweredSoNothingShowsAsWaiting(@TempDir Path dir) throws Exception {
        // as after an interrupt: the request is left, the turn ends
        String script = """
                read -r first
                printf '%s\\n' '{"type":"control_request","request_id":"r1","request":{"subtype":"can_use_tool","tool_name":"Bash","input":{"command":"ls"}}}'
                for _ in $(seq 50); do [ -n "$(ls "$1/job/channel/requests")" ] && break; sleep 0.1; done
                printf '%s\\n' '{"type":"result","subtype":"error_during_execution","is_error":true}'
                cat > /dev/null; exit 1
                """;
        ChannelDir channel = ChannelDir.of(dir.resolve("job"));

        assertEquals(1, relay(dir, script, true).run("go".getBytes(StandardCharsets.UTF_8), new ByteArrayOutputStream()));

        assertEquals(List.of(), channel.pending());
        try (var answers = Files.list(channel.answers())) {
            var a = channel.answerOf(answers.findFirst().orElseThrow().getFileName().toString().replace(".json", ""));
            assertEquals("relay", a.orElseThrow().by());
        }
    }

    private static Relay relay(Path dir, String script, boolean ask) throws Exception {
        Path sh = dir.resolve("claude.sh");
        Files.writeString(sh, script);
        List<String> args = new java.util.ArrayList<>(List.of("--channel", dir.resolve("job/channel").toString()));
        if (ask) {
            args.add("--ask");
        }
        args.addAll(List.of("--approval-seconds", "5", "--", "bash", sh.toString(), dir.toString()));
        return new Relay(RelayOptions.parse(args, Map.of()));
    }
}
