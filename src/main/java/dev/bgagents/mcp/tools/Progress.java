package dev.bgagents.mcp.tools;

/** Progress a long tool call reports while it lasts (a wait); a no-op when the caller asked for none. */
public interface Progress {
    Progress NONE = (done, total, message) -> { };

    void report(double done, double total, String message);
}
