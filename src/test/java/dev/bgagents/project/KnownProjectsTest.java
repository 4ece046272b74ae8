package dev.bgagents.project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KnownProjectsTest {

    @Test
    void aProjectIsListedOnceAndOnlyWhileItHasJobs(@TempDir Path dir) throws Exception {
        KnownProjects known = new KnownProjects(dir.resolve("state/bg-agents/projects"));
        Path a = Files.createDirectories(dir.resolve("a/.context/jobs")).getParent().getParent();
        Path b = Files.createDirectories(dir.resolve("b/.context/jobs")).getParent().getParent();
        known.remember(a);
        known.remember(b);
        known.remember(a);
        assertEquals(List.of(a, b), known.list());
        assertEquals(2, Files.readAllLines(known.file()).size(), "remembered once each");
        StateFiles.deleteTree(b);
        assertEquals(List.of(a), known.list(), "a project whose jobs are gone is skipped");
    }

    @Test
    void aListThatCannotBeWrittenCostsNothingButTheList(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x").resolve("projects");
        KnownProjects known = new KnownProjects(file);
        known.remember(dir);
        assertEquals(List.of(), known.list());
    }

    @Test
    void stateGoesWhereXdgSaysElseUnderHome() {
        assertEquals(Path.of("/x/state/bg-agents"), new UserDirs(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h"), false).state());
        assertEquals(Path.of("/h/.local/state/bg-agents"), new UserDirs(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h"), false).state());
        assertEquals(Path.of("/h/.local/state/bg-agents"), new UserDirs(Map.of("HOME", "/h"), false).state());
        assertEquals(Path.of("/h/Library/Application Support/bg-agents"), new UserDirs(Map.of("HOME", "/h"), true).state());
        assertEquals(Path.of("/x/state/bg-agents"), new UserDirs(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h"), true).state(),
                "an XDG directory the user set wins on macOS too");
        assertEquals(java.util.List.of(Path.of("/h/.config/bg-agents/bg-agents.json"),
                Path.of("/h/Library/Application Support/bg-agents/bg-agents.json")),
                new UserDirs(Map.of("HOME", "/h"), true).configFiles());
        assertEquals(java.util.List.of(Path.of("/c/bg-agents/bg-agents.json"), Path.of("/h/.config/bg-agents/bg-agents.json")),
                new UserDirs(Map.of("HOME", "/h", "XDG_CONFIG_HOME", "/c"), false).configFiles());
    }
}
