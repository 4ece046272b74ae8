package dev.bgagents.orchestration.conflicts;

import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job that resolves the conflicts of another's merge, as its directory keeps it ({@code resolve.json}):
 * whose merge, into what and how, the branch's tip before the first round (put back if no round
 * resolves), the commit of the target this round merged in and the files it left in conflict, and
 * one line per round that ended. Written by the server alone; the agent never sees this directory.
 *
 * @param author   the job whose branch is being merged
 * @param rounds   the most rounds this merge may take
 * @param before   the branch's tip before the first round
 * @param target   the target's commit merged into the branch this round
 * @param history  one line per ended round, oldest first
 * @param landed   the target's new tip once merged, else null
 */
record Resolution(String author, String branch, String into, boolean squash, boolean cleanup, int rounds,
                  String before, String target, List<String> conflicts, List<String> history, String landed) {
    static final String FILE = "resolve.json";

    Resolution {
        conflicts = conflicts == null ? List.of() : List.copyOf(conflicts);
        history = history == null ? List.of() : List.copyOf(history);
    }

    /** The round this is, from 1. */
    int round() {
        return history.size() + 1;
    }

    boolean roundsLeft() {
        return round() < rounds;
    }

    /** The round ended so: {@code line}. */
    Resolution ended(String line) {
        List<String> h = new ArrayList<>(history);
        h.add(line);
        return new Resolution(author, branch, into, squash, cleanup, rounds, before, target, conflicts, h, landed);
    }

    /** The next round works on {@code newTarget}'s conflicts in {@code files}. */
    Resolution on(String newTarget, List<String> files) {
        return new Resolution(author, branch, into, squash, cleanup, rounds, before, newTarget, files, history, landed);
    }

    Resolution landedAs(String commit) {
        return new Resolution(author, branch, into, squash, cleanup, rounds, before, target, conflicts, history, commit);
    }

    static Path file(JobDir dir) {
        return dir.dir().resolve(FILE);
    }

    void write(JobDir dir) throws IOException {
        StateFiles.replace(file(dir), StateFiles.json().writeValueAsBytes(this));
    }

    /** The job's resolution, or null for a job that resolves nothing (or whose file cannot be read). */
    static Resolution read(JobDir dir) {
        Path f = file(dir);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return StateFiles.json().readValue(f.toFile(), Resolution.class);
        } catch (IOException e) {
            return null;
        }
    }
}
