package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Resuming;
import dev.bgagents.orchestration.api.Spawning;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Optional;

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
                .description("Continue an ended background agent job's session (job_id; same CLI, worktree, memory) "
                        + "with a follow-up prompt. A new job; timeout_minutes, stall_minutes default to the earlier's.")
                .inputSchema(object(List.of("job_id", "prompt"),
                        "job_id", string(),
                        "prompt", string(),
                        "timeout_minutes", number(),
                        "stall_minutes", number()))
                .outputSchema(AnswerSchema.of(Output.class))
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
        Output s = new Output(job.id(), job.status(), r.resumes(), Optional.ofNullable(r.sessionId()),
                "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}");
        String text = (job.status() == JobStatus.QUEUED ? "Queued " : "Started ") + job.id() + ", continuing "
                + r.resumes() + (r.sessionId() == null ? " (earlier exchange re-sent as context)"
                : " (session " + r.sessionId() + ")") + ". Wait: job_status wait=\"any\".";
        return Answer.of(text, s);
    }

    /** What resume_session answers. */
    record Output(@Out(value = "The new job.", required = true) String jobId,
                  @Out(value = "running or queued (a job that ended at once: how it ended).", required = true)
                  JobStatus status,
                  @Out(value = "The job whose session it continues.", required = true) String resumes,
                  @Out("The session it continues (null for a CLI without sessions).") Optional<String> sessionId,
                  @Out("What to call next.") String next) {
    }
}
