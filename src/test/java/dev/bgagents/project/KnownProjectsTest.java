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
        assertEquals(Path.of("/x/state"), KnownProjects.stateHome(Map.of("XDG_STATE_HOME", "/x/state", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state"), KnownProjects.stateHome(Map.of("XDG_STATE_HOME", "relative", "HOME", "/h")));
        assertEquals(Path.of("/h/.local/state"), KnownProjects.stateHome(Map.of("HOME", "/h")));
    }
}
