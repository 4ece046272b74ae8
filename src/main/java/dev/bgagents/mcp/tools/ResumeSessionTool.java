package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.Resuming;
import dev.bgagents.orchestration.Spawning;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.bgagents.mcp.tools.Schemas.*;

/**
 * resume_session: a new job that continues an ended job's agent session — same CLI, same
 * directory — with a follow-up prompt.
 */
public final class ResumeSessionTool implements JobStartingTool {
    public static final String NAME = "resume_session";
    static final String TITLE = "Resume a background agent's session with a follow-up";

    private final Resuming resuming;

    public ResumeSessionTool(Resuming resuming) {
        this.resuming = resuming;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("Start a new job that continues an ended job's agent session (same CLI, same directory, "
                        + "the agent remembers the earlier turns) with a follow-up prompt: finish a cut-off run, fix "
                        + "what failed, rebase. Wait for it like any job.")
                .inputSchema(object(List.of("job_id", "prompt"),
                        "job_id", string("The ended job whose session to continue."),
                        "prompt", string("The follow-up instruction; it can be brief, the agent keeps its context."),
                        "timeout_minutes", number("Wall-clock limit of the new job. Default: the earlier job's.",
                                0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES),
                        "stall_minutes", number("No-output limit of the new job. Default: the earlier job's.",
                                0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES)))
                .outputSchema(openObject(List.of("job_id", "status", "resumes"),
                        "job_id", string("The new job."),
                        "status", oneOf("running or queued.", List.of("running", "queued", "failed")),
                        "resumes", string("The job whose session it continues."),
                        "session_id", nullableString("The session it continues (null for a CLI without sessions)."),
                        "next", string("What to call next.")))
                .meta(SearchHint.of("continue or follow up a background agent's session; finish a cut-off run; fix what failed"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(false).destructiveHint(false).idempotentHint(false).openWorldHint(true).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        return answer(resume(args));
    }

    @Override
    public Spawning.Started start(ToolArgs args) {
        return resume(args).started();
    }

    private Resuming.Resumed resume(ToolArgs args) {
        String jobId = args.string("job_id");
        String prompt = args.string("prompt");
        Double timeout = args.number("timeout_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        Double stall = args.number("stall_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        return resuming.resume(new Resuming.Request(jobId, prompt, timeout, stall));
    }

    static Answer answer(Resuming.Resumed r) {
        Answer started = SpawnAgentTool.answer(r.started());
        if (started.isError()) {
            return started;
        }
        Job job = r.started().job();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("status", job.status().wire());
        s.put("resumes", r.resumes());
        s.put("session_id", r.sessionId());
        s.put("next", "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}");
        String text = (job.status() == JobStatus.QUEUED ? "Queued " : "Started ") + job.id() + ", continuing "
                + r.resumes() + (r.sessionId() == null ? " (earlier exchange re-sent as context)"
                : " (session " + r.sessionId() + ")") + ". Wait: job_status wait=\"any\".";
        return Answer.of(text, s);
    }
}
