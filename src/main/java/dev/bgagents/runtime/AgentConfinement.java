package dev.bgagents.runtime;

import dev.bgagents.agents.Permissions;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.JobDir;
import dev.bgagents.sandbox.AgentRules;
import dev.bgagents.sandbox.Sandbox;
import dev.bgagents.sandbox.network.NetworkGate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether and how a job's agent is confined by the operating system: a {@code read-only} or
 * {@code workspace-write} job's agent runs in {@code sandbox} under {@link AgentRules}; a {@code full} job's
 * runs as the person would. Where no sandbox can run, such a job refuses to start, saying why — unless the
 * config turned confinement {@code off}, which is then the person's choice.
 *
 * A provider with a network allow-list has its confined agents reach only those hosts ({@link NetworkGate});
 * the others' network is open.
 *
 * @param off      the config's {@code "sandbox": "off"}
 * @param networks provider → its allow-list, for the providers that have one
 */
public record AgentConfinement(Sandbox sandbox, boolean off, Map<String, NetworkAllowList> networks) {
    /** For a runtime whose processes are fakes: nothing to confine. */
    public static final AgentConfinement NONE = new AgentConfinement(Sandbox.none("a test's fake processes"), true);

    public AgentConfinement {
        networks = Map.copyOf(networks);
    }

    /** Confinement with every provider's network open. */
    public AgentConfinement(Sandbox sandbox, boolean off) {
        this(sandbox, off, Map.of());
    }

    /** This system's sandbox ({@link Sandbox#forThisSystem}), unless the config turned it {@code off}. */
    public static AgentConfinement of(boolean off) {
        return of(off, Map.of());
    }

    /** The same, with the providers' network allow-lists. */
    public static AgentConfinement of(boolean off, Map<String, NetworkAllowList> networks) {
        return new AgentConfinement(Sandbox.forThisSystem(), off, networks);
    }

    /** Whether the job's agent runs in the sandbox. */
    boolean confines(Job job) {
        return !off && !Permissions.FULL.wire().equals(job.spec().run().permissions());
    }

    /** {@code argv} as the job's agent is to run it; {@code env} and {@code unset} are what its launch gives it. */
    List<String> argv(Job job, JobDir files, List<String> argv, Map<String, String> env, List<String> unset)
            throws IOException {
        if (!confines(job)) {
            return argv;
        }
        Permissions permissions = Permissions.fromWire(job.spec().run().permissions()).orElse(Permissions.WORKSPACE_WRITE).base();
        if (sandbox.unavailable().isPresent()) {
            throw new IOException("no sandbox can confine a " + permissions.wire() + " agent here ("
                    + sandbox.unavailable().get() + "); run it with permissions full, or set \"sandbox\": \"off\" in "
                    + "bg-agents.json to run such agents unconfined");
        }
        Map<String, String> seen = new HashMap<>(System.getenv());
        unset.forEach(seen::remove);
        seen.putAll(env);
        Path workdir = Path.of(job.spec().workdir());
        // the job's channel is sealed by name as well as under the state folder: an agent that could write there
        // would answer its own requests (made before the launch, so the bind has its source)
        ChannelDir channel = ChannelDir.of(files.dir());
        channel.create();
        Sandbox.Rules rules = AgentRules.of(permissions, workdir, job.workspace(), files.dir().getParent().getParent(),
                files.agentTmp(), files.agentHome(), sandbox.showsInPlace() ? files.agentRefs() : null,
                job.spec().provider(), seen, argv).sealing(channel.dir());
        NetworkAllowList allowed = networks.get(job.spec().provider());
        return allowed == null ? sandbox.wrap(argv, rules)
                : NetworkGate.wrap(sandbox, rules, argv, job.spec().provider(), allowed, files.network());
    }
}
