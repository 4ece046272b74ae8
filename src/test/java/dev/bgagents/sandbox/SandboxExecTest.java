package dev.bgagents.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The macOS profile as text: what Seatbelt is told (whether it enforces it only a Mac can say). */
class SandboxExecTest {
    @Test
    void writesAreDeniedButUnderTheWritableDirectoriesLessWhatIsSealedAndTheCopiedHomeFiles(@TempDir Path dir)
            throws Exception {
        Path tree = dir.resolve("wt");
        Path own = Files.createDirectories(dir.resolve("agent-home"));
        Files.writeString(own.resolve(".claude.json"), "{}");
        Path home = Path.of("/Users/me");
        Sandbox.Rules rules = new Sandbox.Rules(tree, List.of(tree), List.of(), dir.resolve("tmp"), true,
                List.of(tree.resolve(".git/hooks")), Map.of(home, own), true);
        String p = SandboxExec.profile(rules);
        assertTrue(p.startsWith("(version 1)\n(allow default)\n(deny file-write*)\n"), p);
        assertTrue(p.contains("(allow file-write* (require-all (subpath \"" + tree + "\") (require-not (subpath \""
                + tree.resolve(".git/hooks") + "\"))))"), p);
        assertTrue(p.contains("(subpath \"" + dir.resolve("tmp") + "\")"), p);
        assertTrue(p.contains("(regex #\"^/Users/me/\\.claude\\.json\")"), p);
        List<String> argv = new SandboxExec().wrap(List.of("claude", "-p"), rules);
        assertEquals(List.of("/usr/bin/sandbox-exec", "-p", p, "/usr/bin/env", "TMPDIR=" + dir.resolve("tmp") + "/",
                "claude", "-p"), argv);
    }
}
