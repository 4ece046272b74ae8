package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The human subcommands on the packaged jar: jobs and tail read the same journal the server writes. */
class SubcommandsIT {

    record Run(int exit, String out, String err) {
    }

    static Run run(Path project, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", ServerHarness.JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("BG_AGENTS_PROJECT", project.toString());
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void jobsListsAndTailPrintsTheSummaryOfAnEndedJob(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            String id = h.spawn("please write a.txt", Map.of());
            assertEquals("succeeded", h.awaitEnd(id).get("status"));

            Run jobs = run(dir, "jobs");
            assertEquals(0, jobs.exit(), jobs.err());
            assertTrue(jobs.out().lines().anyMatch(l -> l.startsWith(id) && l.contains("succeeded")
                    && l.contains("please write a.txt")), jobs.out());

            Run tail = run(dir, "tail", id);
            assertEquals(0, tail.exit(), tail.err());
            assertTrue(tail.out().contains("\"type\":\"result\""), "the raw stream");
            assertTrue(tail.out().contains("## " + id + ": succeeded"), "then the summary: " + tail.out());

            Run bad = run(dir, "tail", "../../etc");
            assertEquals(2, bad.exit());
            assertTrue(bad.err().contains("malformed job id"), bad.err());
        }
    }
}
