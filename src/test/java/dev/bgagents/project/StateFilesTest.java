package dev.bgagents.project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFileCreatedOnceKeepsItsFirstContentAndLeavesNoTempBehind() throws Exception {
        Path target = dir.resolve("r1.json");

        assertTrue(StateFiles.createOnce(target, bytes("first")));
        assertFalse(StateFiles.createOnce(target, bytes("second")), "the name is taken");

        assertEquals("first", Files.readString(target));
        assertEquals(List.of("r1.json"), names());
    }

    @Test
    void ofWritersRacingForOneNameExactlyOneWins() throws Exception {
        Path target = dir.resolve("e1.json");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> writers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String content = "writer " + i;
                writers.add(() -> StateFiles.createOnce(target, bytes(content)));
            }
            int won = 0;
            for (Future<Boolean> f : pool.invokeAll(writers)) {
                won += f.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(Files.readString(target).startsWith("writer "));
        assertEquals(List.of("e1.json"), names());
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
