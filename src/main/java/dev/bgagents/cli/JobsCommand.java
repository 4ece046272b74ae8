package dev.bgagents.cli;

import dev.bgagents.summary.Redactor;
import dev.bgagents.view.JobRow;
import dev.bgagents.view.ProjectJobs;
import dev.bgagents.view.RecentJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jobs}: the recent jobs as a table (stdout is the person's here, not protocol). */
@Command(name = "jobs",
        description = "Recent jobs: the active ones and those of the last 24 hours (at most 20).")
final class JobsCommand implements Callable<Integer> {
    @Mixin
    Scope scope;

    @Option(names = "--all", description = "every job, however old")
    boolean all;

    @Override
    public Integer call() throws Exception {
        List<ProjectJobs> projects = scope.projects();
        List<JobRow> rows = new java.util.ArrayList<>();
        int older = 0;
        for (ProjectJobs p : projects) {
            rows.addAll(all ? p.everyRow() : p.rows());
            older += p.olderUnread();
        }
        if (rows.isEmpty() && older == 0) {
            System.out.println(scope.many() ? "no jobs in any project (" + projects.size() + " known)"
                    : "no jobs under " + projects.get(0).store().root());
            return 0;
        }
        List<JobRow> shown = all ? RecentJobs.sorted(rows) : RecentJobs.of(rows, Instant.now());
        Terminal term = Terminal.detect();
        JobTable.lines(shown, scope.many(), term, new Redactor(System.getenv())).forEach(System.out::println);
        int notShown = rows.size() - shown.size() + older;
        if (notShown > 0) {
            System.out.println(term.dim(notShown + " older jobs not shown: bg-agents jobs --all"));
        }
        return 0;
    }
}
