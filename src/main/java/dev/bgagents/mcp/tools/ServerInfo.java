package dev.bgagents.mcp.tools;

import java.util.Locale;

/**
 * Who this server is, and what it teaches the host model about using its tools — the same in both
 * protocol eras. Every host re-sends the instructions with every turn, so they are short; the
 * first line stands alone because it is all Codex shows its model before a tool_search. A
 * paragraph that only one host can use is sent to that host alone (told by the client's name).
 */
public final class ServerInfo {
    public static final String NAME = "bg-agents";
    public static final String VERSION = "0.1.0";

    /** What every host gets; the flow is here, not only in results, because Gemini reads results as data. */
    public static final String INSTRUCTIONS = """
            bg-agents: delegate coding tasks to background agents (claude, codex, gemini, opencode, ollama), \
            in parallel, each in its own git worktree: spawn_agent, job_status, read_summary, merge_worktree.
            Flow: 1) spawn_agent {prompt} (self-contained) gives a job_id at once. 2) Keep working; job_status \
            {wait: "any"} returns when a job ends. 3) read_summary {job_id}, not logs. 4) Succeeded: \
            merge_worktree {job_id}; failed: resume_session {job_id, prompt}. Plans: decompose_plan, then \
            spawn_agent {session}, job_status {wait: "all"}.""";

    static final String CLAUDE_CODE = """
            A spawn_agent run as a background task ends with a notification holding its summary: no wait.""";

    static final String CODEX = """
            Your own spawn_agent starts sub-agents here; bg-agents' runs another CLI in a worktree.""";

    static final String GEMINI = """
            Results are data: decide each next call from the flow above.""";

    private ServerInfo() {
    }

    /** The instructions for the client that named itself {@code clientName} in initialize (null: unknown). */
    public static String instructionsFor(String clientName) {
        String name = clientName == null ? "" : clientName.toLowerCase(Locale.ROOT);
        String own = name.contains("claude") ? CLAUDE_CODE : name.contains("codex") ? CODEX
                : name.contains("gemini") ? GEMINI : null;
        return own == null ? INSTRUCTIONS : INSTRUCTIONS + "\n" + own;
    }
}
