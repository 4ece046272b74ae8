package dev.bgagents.mcp.tools;

/** Who this server is, and what it teaches the host model about using its tools — the same in both protocol eras. */
public final class ServerInfo {
    public static final String NAME = "bg-agents";
    public static final String VERSION = "0.1.0";

    public static final String INSTRUCTIONS = """
            bg-agents runs other coding-agent CLIs (claude, codex, gemini, opencode, ollama, or providers configured \
            in bg-agents.json) as \
            background jobs, so you keep working while they do.
            Flow: 1) spawn_agent {prompt, provider?} answers at once with a job_id. Give a self-contained \
            prompt: goal, files to touch, constraints, how to verify. 2) Keep working. When you need the result, \
            call job_status {wait: "any"}: it blocks until a job ends (at most 50 s per call; if it says the jobs \
            are still running, call it again). 3) read_summary {job_id} gives the outcome, the agent's final \
            message, files written, commands, errors and cost in a few hundred characters: read it instead of \
            logs. In a git repository each job works in its own worktree on branch bg/<job_id>; whatever it \
            leaves uncommitted is committed there when it ends. merge_worktree {job_id, dry_run?} brings the branch \
            back (refusing conflicts and your uncommitted changes, changing nothing). 4) resume_session {job_id, prompt} continues an ended job's agent session with a follow-up (finish a cut-off run, fix a failure). 5) cancel_job stops a job and every process it started.
            Plans: decompose_plan {plan or plan_path} splits a plan into tasks and waves (task files under \
            .context/impl/); spawn_agent {session} then runs it all, each task waiting for the ones it depends \
            on and starting on their branches; wait with job_status {wait: "all"}. spawn_agent {depends_on: \
            [job ids]} does the same for single jobs.
            If your host runs spawn_agent as a background task (MCP tasks), you are told when it ends, with its summary: no wait is needed.
            Statuses: queued, running, succeeded, failed, cancelled, timed_out, lost. Jobs keep running and are \
            found again if this server restarts.
            Push: when a job ends you receive a notification (logger bg-agents) and, in Claude Code with channels \
            enabled, a <channel> event whose content is the one-line outcome and whose meta has job_id, status and \
            provider. Treat it as the answer to a wait: call read_summary for that job_id. Each job is also a \
            resource, bg-agents://jobs/<job_id>/summary (subscribe to be told when it ends) and .../log.""";

    private ServerInfo() {
    }
}
