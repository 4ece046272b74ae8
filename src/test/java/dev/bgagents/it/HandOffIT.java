package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * spawn_agent {continue_from} over stdio: the stand-in agent writes a file and ends; a custom provider
 * goes on in the same worktree and branch, recording the prompt it got — the task, the stand-in's last
 * message and the diff, then the new prompt — and job_status shows the relation both ways.
 */
class HandOffIT {
    @Test
    @SuppressWarnings("unchecked")
    void anotherCliGoesOnInTheSameWorktreeToldTheTaskTheLastMessageAndTheDiff(@TempDir Path dir) throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path received = dir.resolve("received-prompt.txt");
        Map<String, Object> recorder = Map.of("recorder", Map.of("command", List.of("bash", "-c",
                "cat > '" + received + "'; echo second > second.txt; echo 'added second.txt'"), "output", "text"));
        // the recorder keeps the prompt it got outside its worktree, which the agents' sandbox would not let it write
        try (ServerHarness h = new ServerHarness(project, "\"sandbox\": \"off\"").withProviders(recorder).start()) {
            String first = h.spawn("write first.txt", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(first).get("status"));

            McpSchema.CallToolResult r = h.call("spawn_agent", Map.of("continue_from", first, "provider", "recorder",
                    "prompt", "Now add second.txt."));
            assertFalse(Boolean.TRUE.equals(r.isError()), text(r));
            String next = (String) structured(r).get("job_id");
            assertTrue(text(r).contains("continuing " + first), text(r));
            assertEquals(h.worktree(first), h.worktree(next));
            assertEquals("succeeded", h.awaitEnd(next).get("status"));

            String prompt = Files.readString(received);
            System.out.println("HANDOFF-MEASURE spawn answer: text " + text(r).length() + " chars, structured "
                    + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(structured(r)).length()
                    + " chars; prompt given to the next CLI " + prompt.length() + " chars");
            assertTrue(prompt.startsWith("write first.txt\n"), prompt);
            assertTrue(prompt.contains("## The task it was given\n\nwrite first.txt\n"), prompt);
            assertTrue(prompt.contains("## The previous agent's last message"), prompt);
            assertFalse(prompt.contains("(it left no message)"), prompt);
            assertTrue(prompt.contains("+++ b/first.txt"), prompt);
            assertTrue(prompt.endsWith("## What to do now\n\nNow add second.txt.\n"), prompt);

            var status = h.call("job_status", Map.of("job_ids", List.of(first, next)));
            List<Map<String, Object>> jobs = (List<Map<String, Object>>) structured(status).get("jobs");
            assertEquals(next, jobs.get(0).get("continued_by"), text(status));
            assertEquals(first, jobs.get(1).get("continued_from"), text(status));

            McpSchema.CallToolResult again = h.call("spawn_agent", Map.of("continue_from", first, "provider", "nosuchprovider"));
            assertTrue(again.isError(), text(again));

            var merged = h.call("merge_worktree", Map.of("job_id", next));
            assertEquals(true, structured(merged).get("merged"), text(merged));
            assertTrue(Files.isRegularFile(project.resolve("first.txt")));
            assertTrue(Files.isRegularFile(project.resolve("second.txt")));
        }
    }
}
