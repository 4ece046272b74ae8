package dev.bgagents.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which job directories may hold a record this server has not read. Listing a jobs directory
 * of 10,000 entries five times a second is an idle server's main cost, so it is listed only when
 * its modification time moved (a job directory made or removed), or while that time is too
 * recent to trust on a file system that keeps it in seconds; otherwise only the directories
 * seen before without a readable record (a spawn in progress) are looked at again.
 */
final class NewJobDirs {
    /** Older than this, an unchanged modification time means nothing was added since. */
    private static final long COARSE_MS = 2_000;

    private final Path root;
    private FileTime listedAt;
    private final Set<String> pending = new HashSet<>();

    NewJobDirs(Path root) {
        this.root = root;
    }

    /** Ids to try, those {@code known} left out. */
    List<String> candidates(Predicate<String> known) throws IOException {
        FileTime modified = Files.getLastModifiedTime(root);
        if (modified.equals(listedAt) && modified.toMillis() < System.currentTimeMillis() - COARSE_MS) {
            pending.removeIf(id -> known.test(id) || !Files.isDirectory(root.resolve(id)));
            return new ArrayList<>(pending);
        }
        List<String> ids = new ArrayList<>();
        for (Path d : JobRecords.dirs(root)) {
            String id = d.getFileName().toString();
            if (!known.test(id)) {
                ids.add(id);
            }
        }
        listedAt = modified; // read before listing: a directory made during the listing moves it again
        pending.clear();
        pending.addAll(ids);
        return ids;
    }

    /**
     * What a full read of the directory found ({@code modified} read before it listed): the next
     * look lists again only if the directory changes, and tries the ids with no record yet.
     */
    void listed(FileTime modified, java.util.Collection<String> withoutRecord) {
        listedAt = modified;
        pending.clear();
        pending.addAll(withoutRecord);
    }

    FileTime modified() throws IOException {
        return Files.getLastModifiedTime(root);
    }

    /** The id's record was read (or will never need to be): no need to look at it again. */
    void done(String id) {
        pending.remove(id);
    }

    /**
     * What the directories not yet {@code known} hold: records read in, and ids whose job settled
     * before {@code settled}'s cutoff (left unread until asked for). A directory without a record
     * yet (a spawn in progress), or one being written, is looked at again next time.
     */
    record Found(List<Job> jobs, List<String> settledLongAgo) {
    }

    Found read(Predicate<String> known, SettledJobs settled) throws IOException {
        List<Job> jobs = new ArrayList<>();
        List<String> old = new ArrayList<>();
        for (String id : candidates(known)) {
            dev.bgagents.project.JobDir f = new dev.bgagents.project.JobDir(root.resolve(id));
            if (!Files.isRegularFile(f.record())) {
                continue;
            }
            if (settled.endedBefore(id, SettledJobs.cutoff())) {
                old.add(id);
                done(id);
                continue;
            }
            try {
                jobs.add(JobRecords.read(f));
                done(id);
            } catch (IOException e) {
                // being written right now, or broken: the next look decides
            }
        }
        jobs.sort(JobRecords.OLDEST_FIRST);
        return new Found(jobs, old);
    }
}
