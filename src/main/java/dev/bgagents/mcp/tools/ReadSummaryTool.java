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
    /**
     * The most one answer holds, whatever max_chars asks: hosts cut longer results silently (Codex
     * to ~48,000 characters, Gemini to ~40,000), so longer sections come a page at a time, with the
     * next offset; the heading and the "more" line fit in the rest of ~16,000.
     */
    static final int PAGE_CHARS = 15_000;
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
                .description("A background agent job's result (job_id, or a best-of-N group; a plan's session: a "
                        + "line per task) within max_chars: outcome, reason, final message, files changed, commands, "
                        + "errors, cost, next step. section pages through one part (final: the whole message; log: "
                        + "raw) from offset.")
                .inputSchema(object(List.of(),
                        "job_id", string(),
                        "session", string(),
                        "max_chars", integer(),
                        "section", oneOf(null, SECTIONS),
                        "offset", integer()))
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
        int budget = Math.min(PAGE_CHARS, max == null ? SummaryRenderer.DEFAULT_MAX_CHARS : max);
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
