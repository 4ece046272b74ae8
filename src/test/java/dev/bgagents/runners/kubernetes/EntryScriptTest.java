package dev.bgagents.runners.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The pod's entry script as the image runs it: clone, the argument vector as given, leftovers committed, pushed. */
class EntryScriptTest {
    static final Path ENTRY = Path.of("src/main/resources/dev/bgagents/runners/kubernetes/bg-agents-entry.sh");

    @Test
    void runsTheArgumentVectorAsGivenTagsItsStreamsCommitsAndPushes(@TempDir Path dir) throws Exception {
        Path remote = dir.resolve("remote.git");
        ClusterFixture.git(dir, "init", "-q", "--bare", remote.toString());
        Path seed = dir.resolve("seed");
        ClusterFixture.git(dir, "clone", "-q", remote.toString(), seed.toString());
        Files.writeString(seed.resolve("README.md"), "hi\n");
        ClusterFixture.git(seed, "add", "-A");
        ClusterFixture.git(seed, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base");
        ClusterFixture.git(seed, "push", "-q", "origin", "HEAD:refs/heads/bg/job-1");
        Path ws = Files.createDirectories(dir.resolve("workspace"));

        List<String> cmd = new ArrayList<>(List.of("/bin/sh", ENTRY.toAbsolutePath().toString(), remote.toString(),
                "bg/job-1", ""));
        cmd.addAll(List.of("bash", "-c", "printf '%s|' \"$@\"; echo; echo oops >&2; cat > stdin.txt; "
                + "echo left > leftover.txt; exit 3", "agent", "a b", "$(touch pwned)", "*"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ws.toFile()).redirectErrorStream(true);
        pb.environment().put("BG_AGENTS_WORKSPACE", ws.toString());
        pb.environment().put("BG_AGENTS_TERMINATION", dir.resolve("termination").toString());
        pb.environment().put("BG_AGENTS_STDIN", "the prompt\nsecond line");
        pb.environment().put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));

        assertEquals(3, p.exitValue(), "the agent's exit status is the container's: " + log);
        List<String> lines = log.lines().toList();
        assertTrue(lines.contains("o a b|$(touch pwned)|*|"), "no shell between the vector and the agent: " + log);
        assertTrue(lines.contains("e oops"), log);
        assertTrue(lines.contains("e [bg-agents] cloning bg/job-1"), log);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("o ") || l.startsWith("e ")), "every line tagged: " + log);
        assertFalse(Files.exists(ws.resolve("repo/pwned")));

        Path back = dir.resolve("back");
        ClusterFixture.git(dir, "clone", "-q", "-b", "bg/job-1", remote.toString(), back.toString());
        assertEquals("left\n", Files.readString(back.resolve("leftover.txt")), "leftovers committed and pushed");
        assertEquals("the prompt\nsecond line", Files.readString(back.resolve("stdin.txt")), "the prompt on stdin");
        String head = ClusterFixture.git(back, "rev-parse", "HEAD").strip();
        assertEquals("exit=3 pushed=" + head, Files.readString(dir.resolve("termination")).strip());
    }
}
