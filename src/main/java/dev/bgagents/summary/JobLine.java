package dev.bgagents.summary;

import dev.bgagents.jobs.Job;
import dev.bgagents.text.Clip;

import java.time.Instant;

/** A job in one line of at most ~150 characters: id, status, exit, time, and what it did last (or why it ended). */
public final class JobLine {
    private JobLine() {
    }

    public static String line(Job j, Instant now, String activity) {
        StringBuilder b = new StringBuilder();
        b.append(j.id()).append(' ').append(j.status().wire());
        if (j.state().exitCode() != null) {
            b.append(" exit ").append(j.state().exitCode());
        }
        b.append(' ').append(j.elapsedSeconds(now)).append('s');
        if (j.status().isTerminal() && j.state().verification() != null && j.state().verification().passed()) {
            b.append(" verified");
        }
        if (activity != null) {
            int room = 150 - b.length() - 3;
            if (room > 10) {
                b.append(" · ").append(Clip.oneLine(activity, room));
            }
        }
        return b.toString();
    }
}
