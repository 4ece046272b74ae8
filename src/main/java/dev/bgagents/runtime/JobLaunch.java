package dev.bgagents.runtime;

import dev.bgagents.agents.Credentials;
import dev.bgagents.agents.Permissions;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.git.CheckoutStatus;
import dev.bgagents.git.GitException;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.relay.RelayMain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every process a job starts — its agent, a fix round, its check — launched detached and tagged
 * with the job's id, with its environment built here and nowhere else: what the CLI adapter adds,
 * what the config gives the provider, the job's tag and its block of ports (given as the job took
 * its slot, the same block for every process after). A check runs code the agent chose, so it gets no variable that
 * holds a secret by its name, and runs as nobody watches it. An agent of a read-only or workspace-write job runs
 * in the sandbox ({@link AgentConfinement}).
 */
final class JobLaunch {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JobLaunch.class);
    private final JobStore store;
    private final AgentAdapters agents;
    private final ProcessControl processes;
    private final AgentConfinement confinement;

    JobLaunch(JobStore store, AgentAdapters agents, ProcessControl processes, AgentConfinement confinement) {
        this.store = store;
        this.agents = agents;
        this.processes = processes;
        this.confinement = confinement;
    }

    /** An agent round as started: its process, and why it has no block of ports when it has none. */
    record Agent(ProcessControl.Launched launched, String noPorts) {
    }

    /** An agent round, with the block of ports the job was given as it took its slot. */
    Agent agent(Job job, List<String> argv, Map<String, String> adapterEnv, List<String> unsetEnv, Path stdin)
            throws IOException {
        Map<String, String> env = new HashMap<>(adapterEnv);
        env.putAll(agents.configEnv(job.spec().provider()));
        env.put(ProcessControl.JOB_TAG, job.id());
        var files = store.files(job.id());
        if (job.spec().runner() != null) {
            // on a cluster: no sandbox, nothing of this machine's checkout to watch, and no block of ports (the
            // pod's network is its own) — the pod is all
            return new Agent(processes.launchElsewhere(job.spec().runner(), new ProcessControl.LaunchSpec(argv,
                    Path.of(job.spec().workdir()), stdin, files.stdout(), files.stderr(), files.exit(), env, unsetEnv)),
                    null);
        }
        String noPorts = PortBlocks.keep(store, job, env).orElse(null);
        List<String> confined = relayed(job, files, argv, confinement.argv(job, files, argv, env, unsetEnv));
        if (!confinement.confines(job) && job.workspace() != null && !Files.exists(files.checkoutBefore())) {
            // what it may change outside its worktree is looked for once it ends (orchestration/core/SealStep)
            try {
                CheckoutStatus.record(job.workspace().repo(), files.checkoutBefore());
            } catch (GitException | IOException e) {
                LOG.warn("{}: cannot take the checkout's status before its unconfined agent: {}", job.id(), e.getMessage());
            }
        }
        return new Agent(processes.launch(new ProcessControl.LaunchSpec(confined, Path.of(job.spec().workdir()), stdin,
                files.stdout(), files.stderr(), files.exit(), env, unsetEnv)), noPorts);
    }

    /**
     * The agent's command as its launcher shell runs it: through the relay that holds its interactive channel
     * when its CLI has one, outside the sandbox, so the channel folder the sandbox keeps read-only to the agent
     * is the relay's to write. A record made before the CLI ran stream-json input (an older server's) is run as it was.
     */
    private List<String> relayed(Job job, dev.bgagents.project.JobDir files, List<String> argv, List<String> confined)
            throws IOException {
        if (!agents.relayed(job.spec().provider()) || !argv.contains("--input-format")) {
            return confined;
        }
        ChannelDir channel = ChannelDir.of(files.dir());
        channel.create();
        return RelayMain.command(channel.dir(), Permissions.ASK.wire().equals(job.spec().run().permissions()), null,
                confined);
    }

    /**
     * The job's check, or another process that runs code a worktree holds (its setup, a dependency install),
     * started in {@code workdir} (the job's, or a checkout of its base), its output to {@code log}: the job's
     * ports and tag, and no secret.
     */
    ProcessControl.Launched check(Job job, List<String> argv, Path workdir, Path log, Path exit) throws IOException {
        Map<String, String> env = new HashMap<>(agents.configEnv(job.spec().provider()));
        PortBlocks.keep(store, job, env);
        env.keySet().removeIf(Credentials::isSecretName);
        env.put(ProcessControl.JOB_TAG, job.id());
        // a check nobody watches: test runners run once (no watch mode), npm says nothing of its own updates
        env.putIfAbsent("CI", "true");
        env.putIfAbsent("NPM_CONFIG_UPDATE_NOTIFIER", "false");
        return processes.launch(new ProcessControl.LaunchSpec(argv, workdir, null, log, log, exit, env,
                Credentials.secretNames(System.getenv())));
    }

    /** The secrets a check's output is masked for: this server's, and those the config gives the provider. */
    Map<String, String> secretsOf(Job job) {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(agents.configEnv(job.spec().provider()));
        return all;
    }
}
