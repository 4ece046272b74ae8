package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/** What the host reads: a small summary, drill-down pages, and never a secret an agent printed. */
class SummariesIT {
    static final String TOKEN = "tok-9f8e7d6c5b4a-secret";

    private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F]");

    @Test
    void anAgentsTerminalControlsNeverReachTheHost(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("MODE:controls", Map.of());
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            assertTrue(CONTROL.matcher(Files.readString(h.jobDir(id).resolve("stdout.log"))).find(),
                    "the agent did print controls");
            var summary = h.call("read_summary", Map.of("job_id", id));
            List<String> read = List.of(text(summary), String.valueOf(structured(summary).get("summary")),
                    text(h.call("read_summary", Map.of("job_id", id, "section", "final"))),
                    text(h.call("read_summary", Map.of("job_id", id, "section", "log"))),
                    text(h.call("job_status", Map.of("job_ids", List.of(id)))));
            for (String r : read) {
                assertFalse(CONTROL.matcher(r).find(), "a control character reached the host: " + r.replace("\u001B", "<ESC>"));
            }
            assertTrue(read.get(0).contains("Build OK and done\nnext line"), read.get(0));
            assertTrue(read.get(3).contains("raw colour"), read.get(3));
        }
    }

    @Test
    void aHugeReportIsSummarisedSmallPagedOnDemandAndSecretsNeverShow(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "", List.of("bash", ServerHarness.STANDIN.toString()),
                Map.of("MY_SERVICE_TOKEN", TOKEN)).start()) {
            String id = h.spawn("MODE:report=200", Map.of());
            Map<String, Object> job = h.awaitEnd(id);
            assertEquals("succeeded", job.get("status"));
            String status = text(h.call("job_status", Map.of("job_ids", List.of(id))));
            assertFalse(status.contains("abcdefghijklmnopqrstuvwxyz012345"), "bearer token in job_status: " + status);

            String md = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(md.length() <= 1500, md.length() + " chars");
            assertTrue(md.contains("read_summary with section=final"), md);
            assertFalse(md.contains("sk-ant-api03") || md.contains(TOKEN), "secret in the summary: " + md);
            assertTrue(md.contains("[REDACTED]"), md);
            assertFalse(Files.readString(h.jobDir(id).resolve("summary.md")).contains(TOKEN), "secret in summary.md");

            // page through the whole final message
            StringBuilder all = new StringBuilder();
            Integer offset = 0;
            int pages = 0;
            while (offset != null) {
                var page = h.call("read_summary", Map.of("job_id", id, "section", "final", "offset", offset,
                        "max_chars", 50_000));
                String t = text(page);
                assertTrue(t.length() <= 15_200, "page of " + t.length());
                all.append(t.substring(t.indexOf('\n') + 1).replaceAll("\n\\(more: section=final offset=\\d+\\)$", ""));
                Number next = (Number) structured(page).get("next_offset");
                offset = next == null ? null : next.intValue();
                pages++;
            }
            // a page is at most 15,000 characters whatever max_chars asks (hosts cut larger results unseen)
            assertEquals((int) Math.ceil(all.length() / 15_000.0), pages, "pages of " + all.length() + " characters");
            assertTrue(all.toString().startsWith("Found key [REDACTED] and token [REDACTED]. rrr"), all.substring(0, 80));
            assertTrue(all.toString().endsWith("END-OF-REPORT"));
            assertFalse(all.toString().contains(TOKEN));

            var log = h.call("read_summary", Map.of("job_id", id, "section", "log", "offset", 10, "max_chars", 300));
            assertTrue(text(log).startsWith("### log of " + id + ": bytes 10–310 of "), text(log));
            assertEquals(310, ((Number) structured(log).get("next_offset")).intValue());
            assertFalse(text(h.call("read_summary", Map.of("job_id", id, "section", "log", "max_chars", 100_000)))
                    .contains("abcdefghijklmnopqrstuvwxyz012345"), "bearer token in the raw log page");
        }
    }

    @Test
    void commandsErrorsAndTheDiffAreSectionsToo(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("write src/x.txt CONTENT:changed", Map.of("worktree", true));
            assertEquals("succeeded", h.awaitEnd(id).get("status"));
            String diff = text(h.call("read_summary", Map.of("job_id", id, "section", "diff")));
            assertTrue(diff.contains("+++ b/src/x.txt") && diff.contains("+changed"), diff);

            String crashed = h.spawn("MODE:crash", Map.of());
            h.awaitEnd(crashed);
            String errors = text(h.call("read_summary", Map.of("job_id", crashed, "section", "errors")));
            assertTrue(errors.contains("reason: exited 3") && errors.contains("fatal: stand-in crashed on purpose"), errors);
            String commands = text(h.call("read_summary", Map.of("job_id", crashed, "section", "commands")));
            assertTrue(commands.contains("(no commands recorded)"), commands);
            String inPlace = text(h.call("read_summary", Map.of("job_id", crashed, "section", "diff")));
            assertTrue(inPlace.contains("ran in place"), inPlace);
        }
    }
}
