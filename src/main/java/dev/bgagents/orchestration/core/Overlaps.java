package dev.bgagents.orchestration.core;

import dev.bgagents.git.ChangedFiles;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.text.Printable;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A forecast of merge conflicts between parallel jobs: which active jobs touch the same files. */
final class Overlaps {
    private Overlaps() {
    }

    /**
     * Files a job touches: what it declared, and (when {@code scan}) what it has changed in its
     * worktree so far. Scanning a worktree is a full status walk, so it is done only when
     * another active job is there to compare with.
     */
    static Set<String> touched(Job job, boolean scan) {
        Set<String> files = new LinkedHashSet<>();
        Workspace w = job.workspace();
        if (w == null) {
            return files;
        }
        // named as the diffstat and ChangedFiles name them
        w.declaredFiles().forEach(f -> files.add(Printable.name(f)));
        if (job.status().isTerminal()) {
            w.diffstat().forEach(l -> files.add(pathOf(l)));
        } else if (scan && w.checkedOut() && Files.isDirectory(w.path())) {
            try {
                files.addAll(ChangedFiles.in(w));
            } catch (GitException ignored) {
                // a forecast is best effort; the merge dry run is the exact check
            }
        }
        return files;
    }

    private static String pathOf(String diffstatLine) {
        int cut = diffstatLine.lastIndexOf(" +");
        String p = cut < 0 ? diffstatLine : diffstatLine.substring(0, cut);
        return p.contains(" → ") ? p.substring(p.indexOf(" → ") + 3) : p;
    }

    /**
     * For each of {@code jobs}, the other active jobs it shares files with: "overlaps X on a.py".
     * {@code fresh} jobs were just created and have changed nothing yet: only their declared
     * files count, and their worktrees are not scanned.
     */
    static Map<String, String> of(List<Job> jobs, List<Job> active, Set<String> fresh) {
        Map<String, String> out = new LinkedHashMap<>();
        if (active.size() < 2) {
            return out;
        }
        Map<String, Set<String>> touched = new LinkedHashMap<>();
        for (Job j : active) {
            touched.put(j.id(), touched(j, !fresh.contains(j.id())));
        }
        for (Job j : jobs) {
            Set<String> mine = touched.getOrDefault(j.id(), Set.of());
            List<String> notes = new ArrayList<>();
            for (Job other : active) {
                if (other.id().equals(j.id()) || mine.isEmpty()) {
                    continue;
                }
                List<String> shared = touched.get(other.id()).stream().filter(mine::contains).toList();
                if (!shared.isEmpty()) {
                    notes.add(other.id() + " on " + String.join(", ", shared.subList(0, Math.min(3, shared.size())))
                            + (shared.size() > 3 ? " (+" + (shared.size() - 3) + ")" : ""));
                }
            }
            if (!notes.isEmpty()) {
                out.put(j.id(), "overlaps " + String.join("; ", notes));
            }
        }
        return out;
    }
}
