package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Spawning;

/** A tool whose call starts one job, so it can also run as an MCP task whose id is the job's. */
public interface JobStartingTool extends BgTool {
    /** Starts the job the arguments ask for; what its answer would render. */
    Spawning.Started start(ToolArgs args);
}
