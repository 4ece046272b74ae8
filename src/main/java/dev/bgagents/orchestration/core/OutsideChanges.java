package dev.bgagents.orchestration.core;

import dev.bgagents.git.CheckoutStatus;
import dev.bgagents.git.GitException;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.StepRecord;
import dev.bgagents.project.JobDir;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;

/**
 * What changed in the person's checkout while an unconfined agent of a worktree job ran — the one thing
 * a summary of its branch would otherwise hide: the runtime took the checkout's status as the agent
 * started ({@link CheckoutStatus}), the seal step compares it as the agent ends and keeps the paths in its
 * record, and the summary says them under the job's reason.
 */
final class OutsideChanges implements SummaryPart {
    private static final String PREFIX = "outside its branch: ";
    /** Paths named in the summary; the rest counted. */
    private static final int SHOWN = 8;

    /** The checkout's paths that changed since the agent started; none when it ran confined (no status was taken). */
    static List<String> since(Job job, JobDir files) {
        if (job.workspace() == null || !Files.exists(files.checkoutBefore())) {
            return List.of();
        }
        try {
            return CheckoutStatus.changedSince(job.workspace().repo(), files.checkoutBefore());
        } catch (GitException | IOException e) {
            return List.of("(the checkout's status could not be read: " + e.getMessage() + ")");
        }
    }

    /** The seal step's detail naming them. */
    static String detail(List<String> changed) {
        return PREFIX + String.join("\0", changed);
    }

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        job.state().steps().stream().filter(s -> SealStep.NAME.equals(s.name()) && s.detail() != null
                        && s.detail().startsWith(PREFIX)).max(Comparator.comparingInt(StepRecord::round))
                .ifPresent(s -> {
                    List<String> paths = List.of(s.detail().substring(PREFIX.length()).split("\0"));
                    String named = String.join(", ", paths.stream().limit(SHOWN).map(Printable::name).toList())
                            + (paths.size() > SHOWN ? " and " + (paths.size() - SHOWN) + " more" : "");
                    out.own(redactor.redact("Outside its branch (it ran unconfined): changed in your checkout while it "
                            + "ran: " + named + " — its doing or yours; look before you commit there"));
                });
    }
}
