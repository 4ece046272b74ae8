package dev.bgagents.agents.custom;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;

import dev.bgagents.config.ProviderConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomCliTest {
    private static final List<String> PROGRAM = List.of("/opt/bin/myagent");

    // ---- invocation ----

    @Test
    void aSessionIsHandedBackOnlyThroughTheArgumentThatNamesIt() {
        CustomCli cli = cli(List.of("run", "--resume={session}", "{prompt}"), "jsonl");
        assertTrue(cli.hasSessions());

        Invocation first = cli.invocation(PROGRAM, request("fix it", null));
        assertEquals(List.of("/opt/bin/myagent", "run", "fix it"), first.argv(), "no session yet: the argument is left out");

        Invocation later = cli.invocation(PROGRAM, new AgentRequest("and the tests", Path.of("/work/repo"), null,
                Permissions.WORKSPACE_WRITE, "s-42"));
        assertEquals(List.of("/opt/bin/myagent", "run", "--resume=s-42", "and the tests"), later.argv());
    }

    @Test
    void aJsonlProgramWhoseArgumentsNeverNameASessionHasNoneToResume() {
        assertFalse(cli(List.of("run", "{prompt}"), "jsonl").hasSessions(), "its session id could not be handed back");
        assertFalse(cli(List.of("run", "--resume={session}"), "text").hasSessions(), "text output names no session");
    }

    @Test
    void placeholdersAreReplacedAndPromptStaysOffStdin() {
        CustomCli cli = cli(List.of("run", "--model", "{model}", "--dir={workdir}", "{prompt}"), "text");

        Invocation inv = cli.invocation(PROGRAM, request("fix it", "small"));

        assertEquals(List.of("/opt/bin/myagent", "run", "--model", "small", "--dir=/work/repo", "fix it"), inv.argv());
        assertFalse(inv.promptOnStdin());
    }

    @Test
    void withoutPromptPlaceholderThePromptGoesOnStdin() {
        CustomCli cli = cli(List.of("run", "--quiet"), "text");

        Invocation inv = cli.invocation(PROGRAM, request("fix it", null));

        assertEquals(List.of("/opt/bin/myagent", "run", "--quiet"), inv.argv());
        assertTrue(inv.promptOnStdin());
    }

    @Test
    void promptMentioningPlaceholderNamesIsPassedUnchanged() {
        CustomCli cli = cli(List.of("--model", "{model}", "{prompt}"), "text");
        String prompt = "document the {model} and {workdir} settings; keep \"$(quotes)\" as is";

        Invocation inv = cli.invocation(PROGRAM, request(prompt, "small"));

        assertEquals(prompt, inv.argv().get(inv.argv().size() - 1));
    }

    @Test
    void anUntrustedWorkdirCannotBePassedOnToACustomProgram() {
        CustomCli cli = cli(List.of("run", "--dir={workdir}", "{prompt}"), "text");
        AgentRequest review = new AgentRequest("review it", Path.of("/work/repo"), null, Permissions.READ_ONLY, null,
                null, true);

        // its flags for that, if it has any, are the user's to put in args: the command line is the same
        assertEquals(cli.invocation(PROGRAM, new AgentRequest("review it", Path.of("/work/repo"), null,
                Permissions.READ_ONLY, null)), cli.invocation(PROGRAM, review));
    }

    // ---- text output ----

    @Test
    void textOutputKeepsTheTailOfALongOutput() {
        StreamParser p = cli(List.of(), "text").newParser();
        for (int i = 0; i < 5000; i++) {
            p.line(String.format("line %05d %s", i, "x".repeat(80)));
        }

        AgentReport r = p.finish(0, "");

        assertTrue(r.finalMessage().length() <= TextOutputParser.TEXT_TAIL_CHARS, "length " + r.finalMessage().length());
        assertTrue(r.finalMessage().length() > TextOutputParser.TEXT_TAIL_CHARS - 200, "length " + r.finalMessage().length());
        assertTrue(r.finalMessage().endsWith(String.format("line %05d %s", 4999, "x".repeat(80))));
        assertFalse(r.finalMessage().contains("line 00000 "));
    }

    @Test
    void textOutputSucceedsOnExitZeroWithTheOutputAsMessage() {
        StreamParser p = cli(List.of(), "text").newParser();
        p.line("working...");
        p.line("All done.");

        AgentReport r = p.finish(0, "");

        assertTrue(r.succeeded());
        assertEquals("working...\nAll done.", r.finalMessage());
        assertTrue(p.lastActivity().contains("All done."), p.lastActivity());
    }

    @Test
    void textOutputFailsOnNonZeroExitWithStderrInTheReason() {
        StreamParser p = cli(List.of(), "text").newParser();
        p.line("All done.");

        AgentReport r = p.finish(3, "fatal: quota exceeded\n");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("3") && r.reason().contains("fatal: quota exceeded"), r.reason());
    }

    // ---- jsonl output ----

    @Test
    void jsonlRecognisesEachSessionIdSpelling() {
        for (String key : List.of("session_id", "sessionId", "thread_id")) {
            StreamParser p = cli(List.of(), "jsonl").newParser();

            p.line("{\"" + key + "\":\"s-42\",\"type\":\"start\"}");

            assertEquals("s-42", p.sessionId(), key);
        }
    }

    @Test
    void jsonlTakesTheLastMessageAsFinalAndSucceedsOnExitZero() {
        StreamParser p = cli(List.of(), "jsonl").newParser();
        p.line("{\"type\":\"start\",\"thread_id\":\"t-1\"}");
        p.line("{\"type\":\"say\",\"text\":\"Looking at the code.\"}");
        p.line("not json");
        p.line("");
        p.line("{\"type\":\"done\",\"result\":\"Fixed the bug in a.py.\"}");

        AgentReport r = p.finish(0, "");

        assertTrue(r.succeeded());
        assertEquals("t-1", r.sessionId());
        assertEquals("Fixed the bug in a.py.", r.finalMessage());
    }

    @Test
    void jsonlErrorEventFailsEvenWithExitZero() {
        StreamParser p = cli(List.of(), "jsonl").newParser();
        p.line("{\"type\":\"say\",\"text\":\"Starting.\"}");
        p.line("{\"type\":\"error\",\"error\":{\"message\":\"rate limit exceeded\"}}");

        AgentReport r = p.finish(0, "");

        assertFalse(r.succeeded());
        assertTrue(r.reason().contains("rate limit exceeded"), r.reason());
        assertTrue(r.errors().contains("rate limit exceeded"), r.errors().toString());
    }

    @Test
    void jsonlIsErrorFlagFailsEvenWithExitZero() {
        StreamParser p = cli(List.of(), "jsonl").newParser();
        p.line("{\"is_error\":true,\"result\":\"Not authorised\"}");

        AgentReport r = p.finish(0, "");

        assertFalse(r.succeeded());
    }

    @Test
    void jsonlWithoutSessionOrMessageReportsNulls() {
        StreamParser p = cli(List.of(), "jsonl").newParser();
        p.line("{\"type\":\"ping\"}");

        AgentReport r = p.finish(0, "");

        assertTrue(r.succeeded());
        assertNull(r.sessionId());
        assertNull(r.finalMessage());
    }

    private static CustomCli cli(List<String> args, String output) {
        return new CustomCli("myagent", new ProviderConfig(PROGRAM, args, output, null, null));
    }

    private static AgentRequest request(String prompt, String model) {
        return new AgentRequest(prompt, Path.of("/work/repo"), model, Permissions.WORKSPACE_WRITE, null);
    }
}
