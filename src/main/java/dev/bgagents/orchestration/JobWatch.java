package dev.bgagents.orchestration;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.jobs.FallbackChain;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.runtime.JobRuntime;
import dev.bgagents.summary.Drilldown;
import dev.bgagents.summary.AttemptRanking;
import dev.bgagents.summary.AttemptsSummary;
import dev.bgagents.summary.FallbackSummary;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.ReviewVerdict;
import dev.bgagents.summary.SummaryRenderer;
import dev.bgagents.text.Printable;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Jobs as the host reads them — status, waits, summaries, detail pages — and cancels them. */
public final class JobWatch implements Watching, Summarizing, Cancelling {
    private final JobStore store;
    private final JobRuntime runtime;
    private final JobLookup lookup;
    private final Redactor redactor;
    private final Reviews reviews;

    public JobWatch(JobRuntime runtime, JobLookup lookup, Redactor redactor, Reviews reviews) {
        this.store = runtime.store();
        this.runtime = runtime;
        this.lookup = lookup;
        this.redactor = redactor;
        this.reviews = reviews;
    }

    @Override
    public String review(Job job) {
        if (job.spec().relations().reviewOf() != null) {
            return ReviewVerdict.of(job).map(ReviewVerdict::brief).orElse(null);
        }
        return reviews.latest(job.id()).map(r -> r.id() + " " + ReviewVerdict.of(r).orElseThrow().brief())
                .orElse(null);
    }

    @Override
    public Job job(String id) {
        return runtime.asSeen(lookup.job(id));
    }

    @Override
    public List<Job> attempts(String id) {
        if (!AttemptGroups.isGroupId(id)) {
            return List.of();
        }
        store.discover();
        List<Job> found = AttemptGroups.of(store.all(), id);
        if (found.isEmpty()) {
            found = AttemptGroups.of(store.everything(), id); // a group settled long ago
        }
        if (found.isEmpty()) {
            throw new Refusal("unknown group " + Refusal.quoted(id) + ": spawn_agent with attempts answers with its id");
        }
        return found.stream().map(runtime::asSeen).toList();
    }

    @Override
    public java.util.Optional<GroupSummary> groupSummary(String id, int maxChars) {
        List<Job> attempts = attempts(id);
        if (attempts.isEmpty()) {
            return java.util.Optional.empty();
        }
        boolean ended = attempts.stream().allMatch(j -> j.status().isTerminal());
        String md = AttemptsSummary.render(id, attempts, maxChars, Instant.now(), redactor);
        if (ended) {
            attempts.stream().filter(j -> !j.state().summaryRead()).forEach(j -> store.markRead(j.id()));
        }
        return java.util.Optional.of(new GroupSummary(id, attempts, ended ? AttemptRanking.winner(attempts) : null, md));
    }

    /** As it is now — or, for a job whose task fell back to other providers, the chain's job now. */
    @Override
    public Job latest(String id) {
        Job last = FallbackChain.last(store, store.get(id).orElseThrow());
        Job seen = runtime.asSeen(last);
        // another server's job read as ended from its exit record, which will fall back: not the chain's end yet
        return seen != last && FallbackChain.fallsBack(seen) ? last : seen;
    }

    @Override
    public List<Job> defaults() {
        // as seen first: another server's job that has ended is not this session's to read
        return store.all().stream().map(runtime::asSeen)
                .filter(j -> j.status().isActive() || (!j.state().summaryRead() && !store.belongsElsewhere(j.id())))
                .toList();
    }

    @Override
    public List<Job> all() {
        return store.all().stream().map(runtime::asSeen).toList();
    }

    @Override
    public void awaitChange(long deadlineNanos) throws InterruptedException {
        store.awaitChange(deadlineNanos);
    }

    @Override
    public String activity(Job j) {
        return redactor.redact(activityOf(j));
    }

    private String activityOf(Job j) {
        return runtime.preparing(j.id()) ? "starting: checking out its worktree" : j.doing();
    }

    @Override
    public Map<String, String> overlaps(List<Job> jobs) {
        List<Job> active = store.all().stream().filter(j -> j.status().isActive()).toList();
        return Overlaps.of(jobs.stream().filter(j -> j.status().isActive()).toList(), active, Set.of());
    }

    @Override
    public Summary summary(Job asked, int maxChars) {
        List<Job> chain = FallbackChain.from(store, asked).stream().map(runtime::asSeen).toList();
        if (chain.size() > 1) {
            chain.forEach(j -> markReadIfEnded(j));
            Job kept = chain.get(chain.size() - 1);
            return new Summary(kept, FallbackSummary.render(chain, maxChars, Instant.now(), redactor),
                    finalChars(kept));
        }
        Job job = asked;
        String md = SummaryRenderer.render(job, maxChars, Instant.now(), redactor);
        markReadIfEnded(job);
        return new Summary(job, md, finalChars(job));
    }

    private void markReadIfEnded(Job job) {
        // a job read as ended from its exit record is marked once its owner has recorded the end
        if (job.status().isTerminal() && !job.state().summaryRead()
                && store.get(job.id()).map(j -> j.status().isTerminal()).orElse(false)) {
            store.markRead(job.id());
        }
    }

    private static int finalChars(Job job) {
        return job.report() == null || job.report().finalMessage() == null ? 0 : job.report().finalMessage().length();
    }

    @Override
    public Page page(Job job, Section section, long offset, int max) {
        if (section == Section.LOG) {
            Drilldown.Bytes b = Drilldown.logPage(store.files(job.id()).stdout(), offset, max);
            if (b.total() == 0 && b.text().isEmpty() && !java.nio.file.Files.exists(store.files(job.id()).stdout())) {
                return new Page(job, section, "(no output yet)", 0, null, 0);
            }
            String head = "### log of " + job.id() + ": bytes " + b.from() + "–" + b.to() + " of " + b.total() + "\n";
            String footer = b.to() < b.total() ? "\n(more: section=log offset=" + b.to() + ")" : "";
            return new Page(job, section, head + Printable.text(redactor.redact(b.text())) + footer, b.from(),
                    b.to() < b.total() ? b.to() : null, b.total());
        }
        String whole = Drilldown.text(job, store.files(job.id()), section.wire(), redactor);
        int from = (int) Math.min(offset, whole.length());
        int to = Math.min(whole.length(), from + max);
        String head = "### " + section.wire() + " of " + job.id() + ": characters " + from + "–" + to + " of "
                + whole.length() + "\n";
        String footer = to < whole.length() ? "\n(more: section=" + section.wire() + " offset=" + to + ")" : "";
        return new Page(job, section, head + whole.substring(from, to) + footer, from,
                to < whole.length() ? (long) to : null, whole.length());
    }

    @Override
    public Job current(String id) {
        return latest(lookup.job(id).id());
    }

    @Override
    public Job cancel(String id) {
        return runtime.cancel(id);
    }
}
