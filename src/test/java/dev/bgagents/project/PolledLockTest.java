package dev.bgagents.project;

import dev.bgagents.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two servers, the slots lock and the repository's lock, taken as the code takes them: this
 * process holds the slots lock in one thread while another of its threads waits for the
 * repository's, which a second process holds while it waits for the slots lock. Nobody waits
 * for the thread that waits, so it is no deadlock — but the kernel, counting a process's threads
 * as one owner, refuses a blocking wait for it. A polled wait gets the lock once it is free.
 */
@EnabledOnOs(OS.LINUX) // the witness is /proc/locks
class PolledLockTest {
    @TempDir
    Path dir;
    private Path slots;
    private Path repo;
    private Process other;
    private BufferedReader otherSays;

    /** The other server: takes the repository's lock, says so, waits in the kernel for the slots lock, says so. */
    public static void main(String[] args) throws Exception {
        try (FileChannel r = open(Path.of(args[0])); FileLock held = r.lock()) {
            System.out.println("holds the repository's lock");
            System.out.flush();
            try (FileChannel s = open(Path.of(args[1])); FileLock then = s.lock()) {
                System.out.println("got the slots lock");
                System.out.flush();
            }
        }
    }

    @BeforeEach
    void lockFiles() {
        slots = dir.resolve("slots.lock");
        repo = dir.resolve("bg-agents.lock");
    }

    @AfterEach
    void stopIt() {
        if (other != null) {
            other.destroyForcibly();
        }
    }

    @Test
    void theKernelRefusesABlockingWaitAsADeadlock() throws Exception {
        try (FileChannel s = open(slots); FileLock mine = s.lock()) {
            startOther();
            try (FileChannel r = open(repo)) {
                IOException refused = assertThrows(IOException.class, r::lock);
                assertTrue(refused.getMessage().contains("deadlock"), refused.getMessage());
            }
        }
        assertEquals("got the slots lock", otherSays.readLine());
    }

    @Test
    void aPolledWaitGetsTheLockOnceItIsFree() throws Exception {
        CompletableFuture<Boolean> repoTaken;
        try (FileChannel s = open(slots); FileLock mine = s.lock()) {
            startOther();
            repoTaken = CompletableFuture.supplyAsync(() -> {
                try (FileChannel r = open(repo); FileLock lock = PolledLock.take(r)) {
                    return lock.isValid();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Await.holds("the repository's lock stays the other server's", Duration.ofMillis(300),
                    () -> !repoTaken.isDone());
        } // the slots lock goes: the other server gets it, then lets both go
        assertEquals("got the slots lock", otherSays.readLine());
        assertTrue(repoTaken.get(10, TimeUnit.SECONDS), "taken, not refused");
    }

    private void startOther() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), PolledLockTest.class.getName(),
                repo.toString(), slots.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        otherSays = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("holds the repository's lock", otherSays.readLine());
        String pid = Long.toString(other.pid());
        Await.until("the other server waits in the kernel for the slots lock", Duration.ofSeconds(10), () -> {
            try {
                // a waiting request is listed under the lock it waits for, as "-> POSIX ..."
                return Files.readAllLines(Path.of("/proc/locks")).stream()
                        .anyMatch(l -> l.contains("->") && l.split("\\s+").length > 5 && l.contains(" " + pid + " "));
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static FileChannel open(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
