package dev.bgagents.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks judged against their base, through the real server on real node projects made here: a
 * project whose own {@code npm test} is red today (its type checking aged) does not fail a job
 * that only adds a notes file — the same check fails on the job's base too, once, in a checkout of
 * it beside the job's worktree — while a job that breaks a passing base fails as before; the base
 * runs with the job's {@code node_modules}, which a fresh checkout lacks.
 */
class BaseCheckIT {
    /** What a type checker says of aged dependencies: thousands of errors, each padded with spaces. */
    private static final String AGED_TYPES = "for (let i = 1; i <= 2791; i++) console.log("
            + "`node_modules/@types/aged/index.d.ts(${i},1): error TS2304: Cannot find name 'x'.` + ' '.repeat(300));\n"
            + "console.log('Found 2791 errors in 1 file.');\nprocess.exit(1);\n";
    /** A check that needs an installed dependency and passes while state.txt says ok. */
    private static final String STATE_CHECK = "require('dep');\n"
            + "const s = require('fs').readFileSync('state.txt', 'utf8').trim();\n"
            + "if (s !== 'ok') { console.log('FAIL: state.txt says ' + s); process.exit(1); }\n";

    private static void commit(ServerHarness h, Map<String, String> files) throws Exception {
        for (var f : files.entrySet()) {
            Files.writeString(h.project.resolve(f.getKey()), f.getValue());
            h.git("add", f.getKey());
        }
        h.git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "the project");
    }

    private static String packageJson(String test) {
        return "{\"name\": \"aged\", \"version\": \"1.0.0\", \"scripts\": {\"test\": \"" + test + "\"}}\n";
    }

    @Test
    void aJobThatOnlyAddsNotesToARedBaseSucceedsAndSaysTheBaseFailsTooOnceForEveryJobOnIt(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            commit(h, Map.of("package.json", packageJson("node typecheck.js"), "typecheck.js", AGED_TYPES));
            String id = h.spawn("write NOTES.md", Map.of("worktree", true, "verify", "auto"));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("succeeded", end.get("status"), String.valueOf(end));
            assertEquals(false, end.get("verified"), "its check did not pass: it is not called verified");
            String base = h.git("rev-parse", "--short=7", "HEAD").strip();

            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains("\nVerify: `npm test` exited 1 (") && summary.contains(
                    ") — it fails on the base (" + base + ") too; not this job's doing\n"), summary);
            assertFalse(summary.contains("```") || summary.contains("TS2304"), "none of the base's noise: " + summary);
            assertTrue(summary.lines().noneMatch(l -> l.endsWith(" ")), summary);
            String tail = new ObjectMapper().readTree(h.jobDir(id).resolve("job.json").toFile()).findValue("tail").asText();
            assertTrue(tail.endsWith("Found 2791 errors in 1 file.") || tail.contains("npm"), tail);
            assertTrue(tail.lines().noneMatch(l -> l.endsWith(" ")), "the kept tail has no padding: " + tail);
            assertTrue(Files.readString(h.jobDir(id).resolve("verify-base.log")).contains("Found 2791 errors"));

            String second = h.spawn("write MORE.md", Map.of("worktree", true, "verify", "auto"));
            assertEquals("succeeded", h.awaitEnd(second).get("status"));
            assertFalse(Files.exists(h.jobDir(second).resolve("verify-base.log")), "the base's verdict was read, not run again");
            try (var kept = Files.list(h.project.resolve(".context/base-checks"))) {
                assertEquals(1, kept.count());
            }
            try (var left = Files.list(h.worktreesHome())) {
                assertEquals(List.of(), left.filter(p -> p.toString().endsWith(".base")).toList(), "no base checkout left");
            }
            assertEquals(3, h.git("worktree", "list").lines().count(), h.git("worktree", "list"));
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }

    @Test
    void aJobThatBreaksAPassingBaseFailsAsBeforeItsBaseCheckedWithTheJobsDependencies(@TempDir Path dir)
            throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            commit(h, Map.of("package.json", packageJson("node check.js"), "check.js", STATE_CHECK,
                    "state.txt", "ok\n", ".gitignore", "node_modules/\n"));
            // the agent installs the dependency (git ignores it) and breaks state.txt
            String id = h.spawn("write node_modules/dep/index.js CONTENT:module.exports=1; LEFTOVER:state.txt",
                    Map.of("worktree", true, "verify", "auto"));
            Map<String, Object> end = h.awaitEnd(id);
            assertEquals("failed", end.get("status"), String.valueOf(end));
            assertEquals("verification failed: `npm test` exited 1", end.get("last_activity"));

            String base = h.git("rev-parse", "--short=7", "HEAD").strip();
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            assertTrue(summary.contains(") — it passes on the base (" + base + ")\n"), summary);
            assertTrue(summary.contains("FAIL: state.txt says left over"), summary);
            assertFalse(Files.readString(h.jobDir(id).resolve("verify-base.log")).contains("Cannot find module"),
                    "the base ran with the job's node_modules");
            assertTrue(Files.isRegularFile(h.worktree(id).resolve("node_modules/dep/index.js")), "lent, not taken");
            assertTrue(h.survivors().isEmpty(), "nothing left running: " + h.survivors());
        }
    }
}
