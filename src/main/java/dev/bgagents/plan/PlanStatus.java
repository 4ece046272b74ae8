package dev.bgagents.plan;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A plan session's {@code status.json}: its tasks, their waves, and the job of each task once run. */
public record PlanStatus(String session, String feature, String title, String workdir, Instant createdAt,
                         List<List<String>> waves, List<PlanTask> tasks) {
    public PlanStatus {
        waves = waves.stream().map(List::copyOf).toList();
        tasks = List.copyOf(tasks);
    }

    public Optional<PlanTask> task(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public int waveOf(String id) {
        for (int i = 0; i < waves.size(); i++) {
            if (waves.get(i).contains(id)) {
                return i + 1;
            }
        }
        return 0;
    }

    public PlanStatus withTask(String id, UnaryOperator<PlanTask> change) {
        return new PlanStatus(session, feature, title, workdir, createdAt, waves,
                tasks.stream().map(t -> t.id().equals(id) ? change.apply(t) : t).toList());
    }
}
