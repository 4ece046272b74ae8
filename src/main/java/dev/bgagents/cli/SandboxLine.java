package dev.bgagents.cli;

import dev.bgagents.sandbox.Sandbox;

/** doctor's line on what confines agents and their checks here, and why. */
final class SandboxLine {
    private SandboxLine() {
    }

    static String of(Sandbox sandbox, boolean off, Terminal term) {
        String why = sandbox.unavailable().orElse(null);
        if (off) {
            return term.red("off") + " in bg-agents.json — every agent runs unconfined, writing wherever you can; "
                    + (why == null ? "checks of read-only and workspace-write jobs still run in " + sandbox.name()
                    : "checks too (" + why + ")");
        }
        if (why != null) {
            return term.red("none") + " — read-only and workspace-write jobs refuse to start (" + why + "); "
                    + "\"sandbox\": \"off\" in bg-agents.json runs them unconfined; full jobs run as ever";
        }
        return sandbox.name() + " — agents of read-only and workspace-write jobs and their checks run in it "
                + "(writable: the worktree, its branch in .git, a private /tmp, the CLI's own state); full jobs unconfined";
    }
}
