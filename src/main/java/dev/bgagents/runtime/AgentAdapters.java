package dev.bgagents.runtime;

import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.jobs.Job;

import java.util.Map;

/** What the runtime needs to know of the agent CLIs to run their jobs. */
public interface AgentAdapters {
    /** A fresh parser for the output of a job of this provider. */
    StreamParser parser(String provider);

    /** Variables the config gives this provider's processes; never stored in the job record (they may be secrets). */
    Map<String, String> configEnv(String provider);

    /**
     * The command of a fix round: the job's agent resumed in its own session, told {@code prompt};
     * without a session (a CLI that keeps none, or none seen), started again in the same directory
     * with its task and then {@code prompt}.
     */
    default Invocation fixRound(Job job, String sessionId, String prompt) {
        throw new UnsupportedOperationException("no fix rounds for " + job.spec().provider());
    }
}
