package dev.bgagents.process;

import java.util.List;

/**
 * What stopping a job took.
 *
 * @param terminated processes that received SIGTERM
 * @param forced     processes that needed SIGKILL
 * @param survivors  pids still alive at the end (should be empty)
 */
public record KillOutcome(int terminated, int forced, List<Long> survivors) {
    public static final KillOutcome NOTHING = new KillOutcome(0, 0, List.of());

    public KillOutcome {
        survivors = List.copyOf(survivors);
    }

    public boolean nothingToKill() {
        return terminated == 0;
    }

    public String describe() {
        String s = terminated + " process" + (terminated == 1 ? "" : "es") + " stopped";
        if (forced > 0) {
            s += " (" + forced + " needed SIGKILL)";
        }
        if (!survivors.isEmpty()) {
            s += "; STILL ALIVE: " + survivors;
        }
        return s;
    }
}
