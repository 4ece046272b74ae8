package dev.bgagents.process;

import dev.bgagents.jobs.JobStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * How a runner elsewhere saw its agent end when an exit status cannot say it — a pod never scheduled,
 * its image never pulled, killed out of memory, evicted, past its deadline — written beside the exit
 * record ({@code runner.end}: status, a tab, the reason) before it, and read by whoever finishes the job.
 */
public record ElsewhereEnd(JobStatus status, String reason) {
    public ElsewhereEnd {
        reason = reason.replaceAll("[\\r\\n\\t]+", " ").strip();
    }

    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, status.wire() + "\t" + reason + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<ElsewhereEnd> read(Path file) {
        try {
            String line = Files.readString(file, StandardCharsets.UTF_8).strip();
            int tab = line.indexOf('\t');
            return tab < 0 ? Optional.empty()
                    : Optional.of(new ElsewhereEnd(JobStatus.fromWire(line.substring(0, tab)), line.substring(tab + 1)));
        } catch (IOException | RuntimeException none) {
            return Optional.empty();
        }
    }
}
