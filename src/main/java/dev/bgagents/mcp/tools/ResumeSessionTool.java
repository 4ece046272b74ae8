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
 * directory — with a follow-up prompt; on a running job, a person's word to it instead (a message,
 * an answer to its question, an interrupt), the same job going on. One tool rather than a new one:
 * every tool's definition is re-sent on every host turn, and "say something to this job's agent"
 * is what resume_session already means.
 */
public final class ResumeSessionTool implements JobStartingTool {
    public static final String NAME = "resume_session";
    static final String TITLE = "Resume a background agent's session with a follow-up";

    static final List<String> ANSWERS = List.of("allow", "deny");

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
                        + "with a follow-up prompt. A new job; timeout_minutes, stall_minutes as before. "
                        + "Running: prompt steers it; answer its question (request_id); interrupt.")
                .inputSchema(object(List.of("job_id"),
                        "job_id", string(),
                        "prompt", string(),
                        "answer", oneOf(null, ANSWERS),
                        "request_id", string(),
                        "interrupt", bool(),
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
        // every argument is checked before anything is said or started
        args.number("timeout_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        args.number("stall_minutes", 0.01, SpawnAgentTool.MAX_TIMEOUT_MINUTES);
        String decision = args.choice("answer", ANSWERS, null);
        boolean interrupt = Boolean.TRUE.equals(args.bool("interrupt"));
        String requestId = args.string("request_id");
        if (decision == null && requestId != null) {
            throw new BadInput("request_id goes with answer (\"allow\" or \"deny\")");
        }
        Resuming.Told told = resuming.tell(new Resuming.Word(args.string("job_id"), decision, requestId,
                args.string("prompt"), interrupt, "host"));
        if (told == null) {
            if (args.string("prompt") == null) {
                throw new BadInput("prompt is required to resume an ended job");
            }
            return answer(resume(args));
        }
        Job job = told.job();
        return Answer.of(told.said(), new Output(job.id(), job.status(), job.id(), Optional.ofNullable(job.state().sessionId()),
                "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}", told.delivery()));
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
                "job_status {job_ids: [\"" + job.id() + "\"], wait: \"any\"}", null);
        String text = (job.status() == JobStatus.QUEUED ? "Queued " : "Started ") + job.id() + ", continuing "
                + r.resumes() + (r.sessionId() == null ? " (earlier exchange re-sent as context)"
                : " (session " + r.sessionId() + ")") + ". Wait: job_status wait=\"any\".";
        return Answer.of(text, s);
    }

    /** What resume_session answers. */
    record Output(@Out(value = "The new job.", required = true) String jobId,
                  @Out(value = "running or queued (a job that ended at once: how it ended); told a person's word: "
                          + "running or waiting.", required = true)
                  JobStatus status,
                  @Out(value = "The job whose session it continues (told a person's word: the job itself).",
                          required = true) String resumes,
                  @Out("The session it continues (null for a CLI without sessions).") Optional<String> sessionId,
                  @Out("What to call next.") String next,
                  @Out("Told a running job a person's word (answer, message, interrupt): how it reaches the agent.")
                  String delivery) {
    }
}
