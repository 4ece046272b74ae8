package dev.bgagents.orchestration.plans;

import dev.bgagents.orchestration.core.Spawner;

import dev.bgagents.orchestration.api.Planning;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.providers.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.plan.PlanException;
import dev.bgagents.plan.PlanParser;
import dev.bgagents.plan.PlanSessions;
import dev.bgagents.plan.PlanStatus;
import dev.bgagents.plan.PlanTask;
import dev.bgagents.plan.Planner;
import dev.bgagents.orchestration.core.CheckChoice;
import dev.bgagents.project.Confinement;
import dev.bgagents.routing.Routing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * decompose_plan's work: a planning document (or the host's own task list) into a plan session
 * — tasks, dependencies, waves, a provider each, one task file each — written only when the
 * whole plan is sound and every path it names lies inside.
 */
public final class PlanDecomposer implements Planning {
    private final Path project;
    private final Config config;
    private final Confinement confinement;
    private final Providers providers;
    private final PlanSessions plans;
    private final PlanTracker tracker;
    private final Spawner spawner;
    private final CheckChoice checks;

    public PlanDecomposer(Path project, Config config, Confinement confinement, Providers providers,
                          PlanSessions plans, PlanTracker tracker, Spawner spawner, CheckChoice checks) {
        this.project = project;
        this.config = config;
        this.confinement = confinement;
        this.providers = providers;
        this.plans = plans;
        this.tracker = tracker;
        this.spawner = spawner;
        this.checks = checks;
    }

    @Override
    public Decomposed decompose(Request r) {
        int given = (r.plan() != null ? 1 : 0) + (r.planPath() != null ? 1 : 0) + (r.tasks() != null ? 1 : 0);
        if (given != 1) {
            throw new Refusal(given == 0 ? "missing the plan: pass plan (markdown), plan_path, or tasks"
                    : "give one of plan, plan_path and tasks, not several");
        }
        Path workdir = spawner.workdir(r.workdir());
        Planner.Setting setting = new Planner.Setting(r.feature(), workdir.toString(), Instant.now(),
                checks.detected(workdir).orElse(null), this::route, name -> providers.cli(name).isPresent());
        Planner.Draft draft;
        try {
            draft = r.tasks() != null ? Planner.fromTasks(r.tasks(), setting)
                    : Planner.fromMarkdown(r.plan() != null ? r.plan() : read(workdir, r.planPath()), setting);
        } catch (PlanException e) {
            throw new Refusal(e.getMessage());
        }
        // what a task says it owns is handed to its agent as its own: it must lie inside too
        for (PlanTask t : draft.status().tasks()) {
            for (String f : t.files()) {
                Spawner.confine(() -> {
                    confinement.declared("task " + t.id() + " files", f, workdir);
                    return null;
                });
            }
        }
        PlanStatus status;
        try {
            status = plans.create(draft);
        } catch (IOException e) {
            throw new Refusal("cannot write the plan under " + plans.dir("") + ": " + e.getMessage());
        }
        tracker.refresh(status.session());
        return new Decomposed(status, project.relativize(plans.dir(status.session())).toString());
    }

    /** The auto routing among installed CLIs; when none suits, the table's choice, said so. */
    private Planner.Choice route(String text) {
        try {
            Routing.Choice c = providers.route(text);
            return new Planner.Choice(c.provider(), "auto: " + c.kind().wire());
        } catch (Providers.UnavailableException e) {
            Routing.Choice c = new Routing(config.routing()).choose(text, p -> true).orElseThrow();
            return new Planner.Choice(c.provider(), "auto: " + c.kind().wire() + " (not installed here)");
        }
    }

    private String read(Path workdir, String planPath) {
        if (planPath.isBlank()) {
            throw new Refusal("plan_path is empty: pass the path of a markdown file");
        }
        Path file = Spawner.confine(() -> confinement.file("plan_path", planPath, workdir));
        String shown = Refusal.quoted(planPath);
        try {
            long size = Files.size(file);
            if (size > PlanParser.MAX_CHARS) {
                throw new Refusal("plan_path " + shown + " is " + size / 1024 + " KB; plans are at most "
                        + PlanParser.MAX_CHARS / 1000 + " KB: pass the tasks part, or tasks");
            }
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b == 0) {
                    throw new Refusal("plan_path " + shown + " is not a text file");
                }
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("plan_path " + shown + " is not UTF-8 text");
        } catch (IOException e) {
            throw new Refusal("cannot read plan_path " + shown + ": " + e.getMessage());
        }
    }
}
