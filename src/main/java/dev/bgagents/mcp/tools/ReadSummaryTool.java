package dev.bgagents.mcp.tools;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStatus;
import dev.bgagents.orchestration.api.Summarizing;
import dev.bgagents.summary.SummaryRenderer;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;
import java.util.Optional;

import static dev.bgagents.mcp.tools.Schemas.*;

/** read_summary: what a job amounted to, as markdown under a character budget, or one section of its detail. */
public final class ReadSummaryTool implements BgTool {
    public static final String NAME = "read_summary";
    static final String TITLE = "Read what a background agent did: its compact summary";
    static final int MAX_CHARS_LIMIT = 100_000;
    private static final List<String> SECTIONS = List.of("summary", "final", "diff", "commands", "errors", "log");

    private final Summarizing summaries;

    public ReadSummaryTool(Summarizing summaries) {
        this.summaries = summaries;
    }

    @Override
    public McpSchema.Tool definition() {
        return McpSchema.Tool.builder()
                .name(NAME)
                .title(TITLE)
                .description("The result of a background agent job in a few hundred characters of markdown: outcome "
                        + "and reason, the agent's final message (trimmed), files changed on its branch, commands and "
                        + "their exit codes, errors, tokens/cost, session id and the next step (merge, resume). Read "
                        + "this instead of logs; section drills into the whole final message, the diff, commands, "
                        + "errors or the raw log, a page at a time. session: a plan's summary, a line per task.")
                .inputSchema(object(List.of(),
                        "job_id", string("The job to summarise, or a best-of-N group (its attempts ranked)."),
                        "session", string("Instead of job_id: a plan session (decompose_plan's), a line per task."),
                        "max_chars", integer("Longest answer in characters (default "
                                + SummaryRenderer.DEFAULT_MAX_CHARS + "); raise it to see more of the final message.",
                                SummaryRenderer.MIN_MAX_CHARS, MAX_CHARS_LIMIT),
                        "section", oneOf("Drill down instead of the summary: final (the whole final message), diff "
                                + "(the branch's changes), commands (every command and its exit code), errors, log "
                                + "(the raw output). Paged with offset and max_chars.",
                                List.of("summary", "final", "diff", "commands", "errors", "log")),
                        "offset", integer("Where a section page starts (characters; bytes for log). Default 0.",
                                0, Integer.MAX_VALUE)))
                .outputSchema(AnswerSchema.of(Output.class))
                .meta(SearchHint.of("what did the background agent do; result, summary, diff, errors and cost of a job"))
                .annotations(McpSchema.ToolAnnotations.builder().title(TITLE)
                        .readOnlyHint(true).destructiveHint(false).idempotentHint(true).openWorldHint(false).build())
                .build();
    }

    @Override
    public Answer call(ToolArgs args, Progress progress) {
        String section = args.choice("section", SECTIONS, "summary");
        Integer offset = args.integer("offset", 0, Integer.MAX_VALUE);
        Integer max = args.integer("max_chars", SummaryRenderer.MIN_MAX_CHARS, MAX_CHARS_LIMIT);
        int budget = max == null ? SummaryRenderer.DEFAULT_MAX_CHARS : max;
        String session = args.string("session");
        if (session != null) {
            return planAnswer(session, section, args.string("job_id"), budget);
        }
        var group = summaries.groupSummary(args.string("job_id"), budget);
        if (group.isPresent() && section.equals("summary")) {
            return groupAnswer(group.get());
        }
        if (group.isPresent() && group.get().winner() == null) {
            throw new BadInput(group.get().group() + " has no winner yet: pass one attempt's job_id with section");
        }
        // a section of a group is the winner's
        Job job = group.isPresent() ? group.get().winner() : summaries.job(args.string("job_id"));
        if (!section.equals("summary")) {
            return SummaryAnswer.of(summaries.page(job, Summarizing.Section.valueOf(section.toUpperCase()),
                    offset == null ? 0 : offset, budget));
        }
        return SummaryAnswer.of(summaries.summary(job, budget));
    }

    private Answer planAnswer(String session, String section, String jobId, int budget) {
        if (jobId != null || !section.equals("summary")) {
            throw new BadInput("session reads a plan's summary: pass job_id alone for a job or its sections");
        }
        Summarizing.PlanSummary p = summaries.planSummary(session, budget).orElseThrow(() -> new BadInput(
                "unknown plan session " + dev.bgagents.orchestration.api.Refusal.quoted(session) + ": pass the session decompose_plan answered with"));
        JobStatus status = p.active() ? JobStatus.RUNNING : p.failed() ? JobStatus.FAILED : JobStatus.SUCCEEDED;
        return Answer.of(p.markdown(), new Output(p.session(), status, null, p.markdown(), null, null, null, null, null));
    }

    private static Answer groupAnswer(Summarizing.GroupSummary g) {
        boolean active = g.attempts().stream().anyMatch(j -> j.status().isActive());
        JobStatus status = g.winner() != null ? g.winner().status() : active ? JobStatus.RUNNING : JobStatus.FAILED;
        return Answer.of(g.markdown(), new Output(g.group(), status, g.winner() == null ? null : g.winner().id(),
                g.markdown(), null, null, null, null, null));
    }

    /** What read_summary answers: a summary (a job's, a group's), or one page of a section. */
    record Output(@Out(value = "The job (for a plan: its session).", required = true) String jobId,
                  @Out(value = "Job state.", required = true) JobStatus status,
                  @Out("For a best-of-N group: the attempt merge_worktree keeps.") String winner,
                  @Out("The summary as markdown: outcome, reason, final message, changes, commands, errors, cost, "
                          + "session and the next step.") String summary,
                  @Out("The drill-down section shown, when not the summary.") String section,
                  @Out("The section's page, when a section was asked for.") String text,
                  @Out(value = "Where this page starts.", min = 0, max = Integer.MAX_VALUE) Long offset,
                  @Out("Where the next page starts; null at the end.") Optional<Long> nextOffset,
                  @Out(value = "Size of the whole section.", min = 0, max = Integer.MAX_VALUE) Long total) {
    }
}
