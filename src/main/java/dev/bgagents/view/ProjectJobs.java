package dev.bgagents.view;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One project's jobs, read for people and never written: each look reads the records that
 * are new or still active, and the agents' exit records, so an ended job reads as ended even
 * before a server has recorded it.
 */
public final class ProjectJobs {
    private final Path project;
    private final JobStore store;
    private final PlanSessions plans;

    public ProjectJobs(Path project) {
        this.project = project;
        StateLayout layout = new StateLayout(project);
        this.store = new JobStore(layout.jobs());
        this.plans = new PlanSessions(layout.plans());
    }

    public Path project() {
        return project;
    }

    public JobStore store() {
        return store;
    }

    /** Every job of these projects, as they are now. */
    public static List<JobRow> rowsOf(List<ProjectJobs> projects) {
        List<JobRow> rows = new ArrayList<>();
        projects.forEach(p -> rows.addAll(p.rows()));
        return rows;
    }

    /** The project's jobs but those settled long ago (counted by {@link #olderUnread}), oldest first, as they are now. */
    public List<JobRow> rows() {
        store.discover();
        return rowsFor(store.all());
    }

    /** Every job of the project, however old, oldest first. */
    public List<JobRow> everyRow() {
        store.discover();
        return rowsFor(store.everything());
    }

    /** Jobs settled long ago that {@link #rows} leaves unread. */
    public int olderUnread() {
        return store.settledUnread();
    }

    private List<JobRow> rowsFor(List<Job> jobs) {
        Instant now = Instant.now();
        Map<String, Optional<PlanStatus>> planCache = new HashMap<>();
        List<JobRow> rows = new ArrayList<>();
        for (Job listed : jobs) {
            Job job = listed.status().isActive() ? store.refresh(listed.id()) : listed;
            rows.add(row(job, now, planCache));
        }
        return rows;
    }

    /** The newest plan sessions (at most {@code max}), oldest first. */
    public List<PlanStatus> plans(int max) {
        Path dir = new StateLayout(project).plans();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            List<String> sessions = s.map(p -> p.getFileName().toString()).filter(n -> PlanSessions.ID.matcher(n).matches())
                    .sorted().toList();
            return sessions.subList(Math.max(0, sessions.size() - max), sessions.size()).stream()
                    .map(plans::load).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Optional<Job> job(String id) {
        store.discover();
        return store.get(id).map(j -> j.status().isActive() ? store.refresh(id) : j);
    }

    private JobRow row(Job j, Instant now, Map<String, Optional<PlanStatus>> planCache) {
        Optional<Exited> exited = exited(j, store.files(j.id()));
        String status = exited.map(e -> "exited " + e.code()).orElse(j.status().wire());
        long seconds = exited.filter(e -> j.state().startedAt() != null)
                .map(e -> Math.max(0, Duration.between(j.state().startedAt(), e.at()).toSeconds()))
                .orElse(j.elapsedSeconds(now));
        int wave = 0;
        if (j.spec().relations().plan() != null) {
            wave = planCache.computeIfAbsent(j.spec().relations().plan(), plans::load)
                    .map(p -> p.waveOf(j.spec().relations().planTask())).orElse(0);
        }
        String workdir = shownRelativeTo(j);
        // "Write src/a.py" rather than the worktree's whole path; a task file's heading without its #
        String doing = j.doing() == null ? "" : j.doing();
        String activity = workdir == null ? doing : doing.replace(workdir + "/", "");
        return new JobRow(project, j.id(), j.spec().provider(), status, j.status().isActive() && exited.isEmpty(),
                seconds, j.spec().title().replaceFirst("^#+\\s*", ""), activity, j.spec().relations().plan(), j.spec().relations().planTask(),
                wave, j.spec().relations().dependsOn(), j.spec().createdAt(), j.workspace() == null ? null : j.workspace().branch(),
                j.workspace() == null ? List.of() : j.workspace().diffstat(), workdir);
    }

    /** Where paths a job's agent printed are shown from: its worktree's top, else where it ran. */
    public static String shownRelativeTo(Job j) {
        return j.workspace() != null && j.workspace().path() != null ? j.workspace().path().toString()
                : j.spec().workdir();
    }

    /** The agent's exit, when its record still says running: the launcher wrote it, no server has read it yet. */
    record Exited(String code, Instant at) {
    }

    static Optional<Exited> exited(Job job, JobDir files) {
        // a job with a check has not ended when its agent exits: its record says what it does now
        if (job.status().isTerminal() || job.spec().verify() != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Exited(Files.readString(files.exit()).strip(),
                    Files.getLastModifiedTime(files.exit()).toInstant()));
        } catch (IOException none) {
            return Optional.empty();
        }
    }
}
