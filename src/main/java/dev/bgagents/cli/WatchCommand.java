package dev.bgagents.cli;

import dev.bgagents.summary.Redactor;
import dev.bgagents.view.JobRow;
import dev.bgagents.view.ProjectJobs;
import dev.bgagents.view.RecentJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code watch}: the jobs table, live. On a terminal it redraws in place every interval; piped,
 * it prints the table again only when a job's status or activity changed, so a log of it reads
 * as a history.
 */
@Command(name = "watch",
        description = "A live table of the recent jobs (Ctrl-C to leave).")
final class WatchCommand implements Callable<Integer> {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long RECORD_GRACE_NANOS = 5_000_000_000L;
    private static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";

    @Mixin
    Scope scope;

    @Option(names = "--all", description = "every job, however old")
    boolean all;

    @Option(names = "--until-done", description = "leave once no job is queued or running")
    boolean untilDone;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1",
            description = "seconds between looks (default: ${DEFAULT-VALUE})")
    double interval;

    @Override
    public Integer call() throws Exception {
        if (!(interval >= 0.1 && interval <= 3600)) {
            throw new picocli.CommandLine.ParameterException(scope.spec.commandLine(),
                    "--interval: between 0.1 and 3600 seconds");
        }
        List<ProjectJobs> projects = scope.projects();
        Terminal term = Terminal.detect();
        Redactor redactor = new Redactor(System.getenv());
        if (term.tty()) {
            System.out.print("\u001b[?25l"); // no cursor blinking over the table
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.print("\u001b[?25h");
                System.out.flush();
            }));
        }
        String shownBefore = null;
        long doneSince = 0;
        while (true) {
            List<JobRow> rows = ProjectJobs.rowsOf(projects);
            List<JobRow> shown = all ? RecentJobs.sorted(rows) : RecentJobs.of(rows, java.time.Instant.now());
            long active = rows.stream().filter(JobRow::active).count();
            String head = "bg-agents watch  " + (scope.many() ? projects.size() + " projects"
                    : projects.get(0).project()) + "  " + active + " active  "
                    + LocalTime.now().format(CLOCK);
            List<String> table = shown.isEmpty() ? List.of("no jobs yet") : JobTable.lines(shown, scope.many(), term, redactor);
            if (term.tty()) {
                StringBuilder screen = new StringBuilder(HOME_AND_CLEAR).append(term.bold(head)).append('\n');
                table.forEach(l -> screen.append(l).append('\n'));
                screen.append(term.dim(untilDone ? "(leaves when no job is active; Ctrl-C to leave now)" : "(Ctrl-C to leave)"));
                System.out.print(screen);
                System.out.flush();
            } else {
                String now = String.join("\n", table.stream().map(WatchCommand::withoutTime).toList());
                if (!now.equals(shownBefore)) {
                    System.out.println(head);
                    table.forEach(System.out::println);
                    System.out.println();
                    System.out.flush();
                    shownBefore = now;
                }
            }
            // an agent that exited is shown ended at once; its server's record (the summary) follows in a moment
            boolean unrecorded = rows.stream().anyMatch(r -> r.status().startsWith("exited"));
            if (untilDone && active == 0 && doneSince == 0) {
                doneSince = System.nanoTime();
            }
            if (untilDone && active == 0 && (!unrecorded || System.nanoTime() - doneSince > RECORD_GRACE_NANOS)) {
                if (term.tty()) {
                    System.out.println();
                }
                return 0;
            }
            Thread.sleep((long) (interval * 1000));
        }
    }

    /** A table line without its TIME column's ticking, to tell a change from the clock. */
    private static String withoutTime(String line) {
        return line.replaceAll("\\s\\d+(h\\d\\dm|m\\d\\ds|s)\\s", " ");
    }
}
