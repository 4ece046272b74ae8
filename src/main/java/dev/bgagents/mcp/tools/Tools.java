package dev.bgagents.mcp.tools;

import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.orchestration.api.Merging;
import dev.bgagents.orchestration.api.Planning;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Spawning;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.orchestration.api.Watching;

import java.util.List;

/** The seven tools, in the order they are listed, each built from the services it needs. */
public final class Tools {
    private Tools() {
    }

    public static List<BgTool> of(Spawning spawning, Resuming resuming, Watching watching, Summarizing summaries,
                                  Cancelling cancelling, Merging merging, Planning planning) {
        return List.of(new SpawnAgentTool(spawning), new JobStatusTool(watching), new ReadSummaryTool(summaries),
                new CancelJobTool(cancelling), new ResumeSessionTool(resuming), new MergeWorktreeTool(merging),
                new DecomposePlanTool(planning));
    }
}
