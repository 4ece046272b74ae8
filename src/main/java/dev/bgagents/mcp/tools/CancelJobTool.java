package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Cancelling;
import dev.bgagents.text.Clip;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Optional;

import static dev.bgagents.mcp.tools.Schemas.*;

/** cancel_job: stops a job and every process it started; answers once they are gone. */
public final class CancelJobTool implements BgTool {
    public static final String NAME = "cancel_job";
    static final String TITLE = "Cancel a background agent job";

    private final Cancelling jobs;

    public CancelJobTool(Cancelling jobs) {
        this.jobs = jobs;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("Stop a background job (job_id) and every process it started; its work stays.")
                .inputSchema(object(List.of("job_id"),
                        "job_id", string()))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("stop or kill a background agent job"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(false).destructiveHint(true).idempotentHint(true).openWorldHint(false).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        Job before = jobs.current(args.string("job_id"));
        Job after = before.status().isTerminal() ? before : jobs.cancel(before.id());
        return answer(before, after);
    }

    static Answer answer(Job before, Job after) {
        String text;
        if (before.status().isTerminal()) {
            text = before.id() + " had already ended: " + before.status().wire() + ". Nothing to cancel.";
        } else if (after.status() == JobStatus.CANCELLED && !after.id().equals(before.id())) {
            // the job asked about failed for its provider as the cancel came: what took its task over was stopped
            text = "Cancelled " + after.id() + ", which had taken over the task of " + before.id() + " (its provider "
                    + "failed it): " + Clip.oneLine(after.state().reason(), 160) + ".";
        } else if (after.status() == JobStatus.CANCELLED) {
            text = "Cancelled " + after.id() + ": " + Clip.oneLine(after.state().reason(), 200) + ".";
        } else {
            text = after.id() + " ended as " + after.status().wire() + " before the cancel took effect"
                    + (after.state().reason() == null ? "." : ": " + Clip.oneLine(after.state().reason(), 160));
        }
        return Answer.of(text, new Output(after.id(), after.status(), Optional.ofNullable(after.state().reason())));
    }

    /** What cancel_job answers. */
    record Output(@Out(value = "The job.", required = true) String jobId,
                  @Out(value = "Its final status (cancelled, or how it had already ended).", required = true)
                  JobStatus status,
                  @Out("How it ended, and what had to be killed.") Optional<String> reason) {
    }
}
