package dev.bgagents.git;

import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A merge into the user's branch, written before its first change and removed once the job's
 * record says merged: a server that dies in between leaves it for the next start (or the next
 * merge) to finish. Lives in the repository's common git directory, next to the lock that
 * serializes merges, so there is only ever one.
 *
 * @param jobId    the job whose branch is merged (its record is updated when the merge is finished)
 * @param workTree the main work tree when {@code into} is checked out there, else null
 */
record MergeJournal(String jobId, String branch, String into, String oldTip, String newTip, String workTree,
                    Instant startedAt) {

    static Path file(Path commonDir) {
        return commonDir.resolve("bg-agents-merge.json");
    }

    /** Where new files wait, outside the work tree, until they are renamed into it. */
    static Path scratch(Path commonDir) {
        return commonDir.resolve("bg-agents-merge.d");
    }

    void write(Path commonDir) throws IOException {
        StateFiles.replace(file(commonDir), StateFiles.json().writeValueAsBytes(this));
    }

    static Optional<MergeJournal> read(Path commonDir) throws IOException {
        Path f = file(commonDir);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        return Optional.of(StateFiles.json().readValue(f.toFile(), MergeJournal.class));
    }

    /** The merge is over (or was given up): the journal and any staged file go. */
    static void clear(Path commonDir) throws IOException {
        Path scratch = scratch(commonDir);
        if (Files.isDirectory(scratch)) {
            try (var files = Files.list(scratch)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(scratch);
        }
        Files.deleteIfExists(file(commonDir));
    }
}
