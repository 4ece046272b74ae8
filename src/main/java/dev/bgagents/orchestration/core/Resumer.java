package dev.bgagents.orchestration.core;

import dev.bgagents.orchestration.api.Resuming;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobSpec;
import dev.bgagents.jobs.JobStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * resume_session's work: a new job that continues an ended job's agent session — same CLI, same
 * directory, same plan task — with a follow-up. A CLI without sessions (ollama) is sent the
 * earlier exchange again as context.
 */
public final class Resumer implements Resuming {
    /** How much of the earlier exchange is re-sent to a CLI without sessions. */
    static final int MAX_CONTEXT_CHARS = 200_000;

    private final JobFactory factory;
    private final Ids lookup;
    private final JobStore store;
    private final Spawner spawner;

    public Resumer(JobFactory factory, Ids lookup, JobStore store, Spawner spawner) {
        this.factory = factory;
        this.lookup = lookup;
        this.store = store;
        this.spawner = spawner;
    }

    @Override
    public Resumed resume(Request r) {
        // a job whose task fell back: the session to continue is the chain's last job's
        Job earlier = FallbackChain.last(store, lookup.job(r.jobId()));
        if (r.prompt() == null || r.prompt().isBlank()) {
            throw new Refusal("missing \"prompt\": say what the agent should do next");
        }
        if (earlier.status().isActive()) {
            throw new Refusal(earlier.id() + " is still " + earlier.status().wire()
                    + ": wait for it (job_status wait=\"any\") or cancel it before resuming");
        }
        if (RemoteJobs.whyNoResume(earlier) != null) {
            throw new Refusal(RemoteJobs.whyNoResume(earlier));
        }
        // said before the directory is looked for: removing it is what made it go
        if (earlier.workspace() != null && earlier.workspace().removed()) {
            throw new Refusal(earlier.id() + "'s worktree was removed after its merge: spawn a new job");
        }
        AgentCli cli = factory.resolve(earlier.spec().provider()).cli();
        Path workdir = Path.of(earlier.spec().workdir());
        if (!Files.isDirectory(workdir)) {
            throw new Refusal(earlier.id() + " worked in " + workdir + ", which no longer exists: spawn a new job");
        }
        String session = earlier.state().sessionId();
        String prompt = r.prompt();
        if (cli.hasSessions()) {
            if (session == null) {
                throw new Refusal(earlier.id() + " never produced a session id (" + earlier.status().wire()
                        + " before the agent started a session): spawn a new job instead");
            }
        } else {
            session = null;
            prompt = withEarlierExchange(earlier, r.prompt());
        }
        double timeout = r.timeoutMinutes() != null ? r.timeoutMinutes() : earlier.spec().limits().timeoutMinutes();
        double stall = r.stallMinutes() != null ? r.stallMinutes() : earlier.spec().limits().stallMinutes();
        JobSpec was = earlier.spec();
        Job job = factory.draft(was.provider(), prompt, workdir).resuming(session, earlier.id())
                .workspace(earlier.workspace() == null ? null : earlier.workspace().continued())
                .spec(b -> b.model(was.run().model()).permissions(was.run().permissions())
                        .untrustedWorkdir(was.run().untrustedWorkdir()).limits(timeout, stall)
                        .planTask(was.relations().plan(), was.relations().planTask())
                        // its own limits again, for what this run spends; not the plan's, which the earlier run counted in
                        .budgets(was.limits().budget(), null)).submit();
        return new Resumed(spawner.started(job, List.of()), earlier.id(), session);
    }

    /** The earlier prompt and answer, then the follow-up, for a CLI that cannot resume by id. */
    private String withEarlierExchange(Job earlier, String followUp) {
        String before;
        try {
            before = Files.readString(store.files(earlier.id()).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Refusal("cannot read the prompt of " + earlier.id() + ": " + e.getMessage());
        }
        String answer = earlier.report() == null || earlier.report().finalMessage() == null ? "(no answer)"
                : earlier.report().finalMessage();
        String context = "Earlier in this conversation, you were asked:\n\n" + before
                + "\n\nYou answered:\n\n" + answer;
        if (context.length() > MAX_CONTEXT_CHARS) {
            context = "…" + context.substring(context.length() - MAX_CONTEXT_CHARS);
        }
        return context + "\n\nNow:\n\n" + followUp;
    }
}
