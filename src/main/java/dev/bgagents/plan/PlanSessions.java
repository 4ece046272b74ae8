package dev.bgagents.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Plan sessions on disk, {@code .context/impl/<yyyyMMdd-HHmmss>_<feature>/}: the plan, its task
 * files, {@code status.json} (replaced whole on every change), the result file of each task and
 * the plan's {@code summary.md}. A session appears complete or not at all: it is written in a
 * hidden directory and renamed into place.
 */
public final class PlanSessions {
    public static final Pattern ID = Pattern.compile("\\d{8}-\\d{6}_[a-z0-9-]{1,44}");
    /** The job records' JSON conventions, with nulls kept: a task's "job_id": null says it has not run. */
    static final ObjectMapper JSON = StateFiles.json().copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private final Path root;

    public PlanSessions(Path implDir) {
        this.root = implDir;
    }

    public Path dir(String session) {
        return root.resolve(session);
    }

    /** Writes a new session; a second plan of the same feature in the same second gets a suffix. */
    public synchronized PlanStatus create(Planner.Draft draft) throws IOException {
        PlanStatus status = draft.status();
        Files.createDirectories(root);
        Path target = dir(status.session());
        for (int k = 2; Files.exists(target); k++) {
            String session = draft.status().session() + "-" + k;
            status = new PlanStatus(session, status.feature(), status.title(), status.workdir(), status.createdAt(),
                    status.waves(), status.tasks());
            target = dir(session);
        }
        Path tmp = root.resolve("." + status.session() + ".tmp");
        StateFiles.deleteTree(tmp);
        try {
            Files.createDirectories(tmp.resolve("tasks"));
            if (draft.planMarkdown() != null) {
                Files.writeString(tmp.resolve("plan.md"), draft.planMarkdown(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> f : draft.taskFiles().entrySet()) {
                String text = f.getValue().replace(draft.status().session(), status.session());
                Files.writeString(tmp.resolve(f.getKey()), text, StandardCharsets.UTF_8);
            }
            StateFiles.replace(tmp.resolve("status.json"), JSON.writeValueAsBytes(status));
            Files.move(tmp, target);
        } catch (IOException | RuntimeException e) {
            StateFiles.deleteTree(tmp);
            throw e;
        }
        return status;
    }

    public Optional<PlanStatus> load(String session) {
        if (session == null || !ID.matcher(session).matches()) {
            return Optional.empty();
        }
        Path f = dir(session).resolve("status.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), PlanStatus.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Applies a change to a session's status and writes it whole; changes to one file are serialized. */
    public synchronized PlanStatus update(String session, UnaryOperator<PlanStatus> change) throws IOException {
        PlanStatus current = load(session).orElseThrow(() -> new IOException("no plan session " + session));
        PlanStatus next = change.apply(current);
        StateFiles.replace(dir(session).resolve("status.json"), JSON.writeValueAsBytes(next));
        return next;
    }

    /** Writes a text file of the session (a task's result, the plan summary) whole. */
    public void write(String session, String name, String text) throws IOException {
        StateFiles.replace(dir(session).resolve(name), text.getBytes(StandardCharsets.UTF_8));
    }

}
