package dev.bgagents.channel;

import java.time.Instant;

/**
 * A question the agent's CLI asked that its profile does not answer — a tool it wants to run — put
 * to a person. Written by the job-side relay; {@code deadline} is when no answer becomes a deny.
 *
 * @param id     unique within the job, a file name ([A-Za-z0-9_-])
 * @param tool   the CLI's name for the tool, e.g. {@code Bash}, {@code Write}
 * @param detail its argument in one line, e.g. {@code rm -rf build}
 */
public record PersonRequest(String id, String tool, String detail, Instant askedAt, Instant deadline) {
    public PersonRequest {
        ChannelDir.checkId(id);
    }

    /** What a person reads: {@code Bash: rm -rf build}. */
    public String line() {
        return detail == null || detail.isBlank() ? tool : tool + ": " + detail;
    }
}
