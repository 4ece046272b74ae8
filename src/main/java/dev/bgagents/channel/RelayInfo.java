package dev.bgagents.channel;

/**
 * What the job-side relay holding the agent's interactive channel can do, written by it when the
 * channel is open. No file: the agent runs without a relay (only cancel, and steering by resume).
 *
 * @param pid       the relay's process id (it is in the job's process group)
 * @param approvals it passes the CLI's permission requests to a person
 * @param steering  it delivers inbox messages to the running agent
 * @param interrupt it can stop the agent's current turn and keep the session
 */
public record RelayInfo(long pid, String cli, boolean approvals, boolean steering, boolean interrupt) {
}
