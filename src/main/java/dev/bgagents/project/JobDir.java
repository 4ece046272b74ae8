package dev.bgagents.project;

import java.nio.file.Path;

/** Every file of one job's directory, {@code .context/jobs/<job_id>/}. */
public record JobDir(Path dir) {
    /** The job record, replaced whole on every change (temp files beside it are {@code job.json.*.tmp}). */
    public Path record() {
        return dir.resolve("job.json");
    }

    /** The prompt; the agent's stdin when it is long or the CLI reads it there. */
    public Path prompt() {
        return dir.resolve("prompt.md");
    }

    /** The agent's raw stdout, appended by the agent's own process. */
    public Path stdout() {
        return dir.resolve("stdout.log");
    }

    public Path stderr() {
        return dir.resolve("stderr.log");
    }

    /** Written by the launcher shell when the agent exits: its exit status, one line. */
    public Path exit() {
        return dir.resolve("exit");
    }

    /** The summary, written when the job ends. */
    public Path summary() {
        return dir.resolve("summary.md");
    }

    /** Locked by the server that runs the job, for as long as it runs it. */
    public Path ownerLock() {
        return dir.resolve("owner.lock");
    }

    /** The block of TCP ports the job's environment was given: "base count", one line. */
    public Path ports() {
        return dir.resolve("ports");
    }

    /** The output of the job's check ({@code verify}), stdout and stderr together, of its last run. */
    public Path verifyLog() {
        return dir.resolve("verify.log");
    }

    /** Written when the check exits: its status, one line. */
    public Path verifyExit() {
        return dir.resolve("verify.exit");
    }

    /** The output of the same check run on the job's base commit, when it failed on the job's work. */
    public Path baseVerifyLog() {
        return dir.resolve("verify-base.log");
    }

    /** Written when the check on the base exits: its status, one line. */
    public Path baseVerifyExit() {
        return dir.resolve("verify-base.exit");
    }

    /** The prompt of fix round {@code n}: the check's failure, for the agent's own session. */
    public Path fixPrompt(int n) {
        return dir.resolve("fix-" + n + ".md");
    }

    /** The check's private {@code /tmp} when it runs in the sandbox, emptied before and after each run. */
    public Path checkTmp() {
        return dir.resolve("verify-tmp");
    }

    /** The agent's private {@code /tmp} when it runs in the sandbox. */
    public Path agentTmp() {
        return dir.resolve("agent-tmp");
    }

    /**
     * The agent's home when it runs in the sandbox: shown in place of the person's, whose entries are bound
     * in it read-only, beside copies of the files its CLI replaces there.
     */
    public Path agentHome() {
        return dir.resolve("agent-home");
    }

    /** The job's branch ref and reflog, lent to its sandboxed agent in place of their directories (git/LentBranch). */
    public Path agentRefs() {
        return dir.resolve("agent-refs");
    }

    /**
     * Where the proxy of an agent whose provider has a network allow-list listens ({@code proxy.sock}), seen by
     * the agent's sandbox read-only: a Unix socket is connected to, not written.
     */
    public Path network() {
        return dir.resolve("net");
    }

    /** The person's checkout as it was when an unconfined agent of a worktree job started (git/CheckoutStatus). */
    public Path checkoutBefore() {
        return dir.resolve("checkout-before");
    }

    /**
     * Written by a cancel before it stops the job: should the job end failing for its provider as the
     * cancel comes, its task does not go on to the next provider of its chain.
     */
    public Path chainCancel() {
        return dir.resolve("chain.cancel");
    }

    /** Another server's request that the owner cancel the job. */
    public Path cancelRequest() {
        return dir.resolve("cancel.request");
    }

    /** What the bootstrap did before the agent started: files copied, dependency folders reused, installs' output. */
    public Path bootstrapLog() {
        return dir.resolve("bootstrap.log");
    }

    /** The output of the project's setup command, run in the worktree before the agent. */
    public Path setupLog() {
        return dir.resolve("setup.log");
    }

    /** Written when a process the bootstrap or setup started exits: its status, one line (replaced by the next). */
    public Path stepExit() {
        return dir.resolve("step.exit");
    }

    /** The output of the project's teardown command, run before the worktree was removed. */
    public Path teardownLog() {
        return dir.resolve("teardown.log");
    }

    /** Why a runner elsewhere (a cluster) ended the agent, when it knows more than an exit status: one line. */
    public Path runnerEnd() {
        return dir.resolve("runner.end");
    }
}
