package dev.bgagents.cli;

import dev.bgagents.summary.Redactor;
import dev.bgagents.text.Clip;
import dev.bgagents.view.JobRow;

import java.util.ArrayList;
import java.util.List;

/** Jobs as a table for a terminal or a pipe: one line each, the columns people scan for. */
final class JobTable {
    private static final int MIN_ACTIVITY = 16;

    private JobTable() {
    }

    static List<String> lines(List<JobRow> rows, boolean withProject, Terminal term, Redactor redactor) {
        int idW = Math.max(3, rows.stream().mapToInt(r -> r.id().length()).max().orElse(3));
        int provW = Math.max(8, rows.stream().mapToInt(r -> r.provider().length()).max().orElse(8));
        int planW = Math.max(4, rows.stream().mapToInt(r -> r.planLabel().length()).max().orElse(4));
        int projW = withProject ? Math.max(7, Math.min(28, rows.stream()
                .mapToInt(r -> name(r).length()).max().orElse(7))) : 0;
        int taskW = 36;
        int fixed = (withProject ? projW + 2 : 0) + idW + 2 + provW + 2 + 10 + 2 + 6 + 2 + planW + 2 + taskW + 2;
        int actW = term.width() == 0 ? 90 : Math.max(MIN_ACTIVITY, term.width() - fixed);
        if (term.width() != 0 && fixed + MIN_ACTIVITY > term.width()) {
            taskW = Math.max(12, taskW - (fixed + MIN_ACTIVITY - term.width()));
        }
        List<String> out = new ArrayList<>();
        out.add(term.bold((withProject ? pad("PROJECT", projW) + "  " : "") + pad("JOB", idW) + "  "
                + pad("PROVIDER", provW) + "  " + pad("STATUS", 10) + "  " + padLeft("TIME", 6) + "  "
                + pad("PLAN", planW) + "  " + pad("TASK", taskW) + "  " + "ACTIVITY"));
        for (JobRow r : rows) {
            String activity = Clip.oneLine(redactor.redact(r.activity()), actW);
            boolean bad = r.state().equals("failed") || r.state().equals("timed_out") || r.state().equals("lost");
            out.add((withProject ? pad(Clip.oneLine(name(r), projW), projW) + "  " : "")
                    + pad(r.id(), idW) + "  " + pad(r.provider(), provW) + "  "
                    + term.state(r.state(), pad(r.status(), 10)) + "  " + padLeft(duration(r.seconds()), 6) + "  "
                    + pad(r.planLabel(), planW) + "  " + pad(Clip.oneLine(redactor.redact(r.task()), taskW), taskW)
                    + "  " + (bad ? term.red(activity) : term.dim(activity)));
        }
        return out;
    }

    private static String name(JobRow r) {
        return r.project().getFileName() == null ? r.project().toString() : r.project().getFileName().toString();
    }

    /** 27s, 3m04s, 1h02m: short enough for a column, exact enough to compare. */
    static String duration(long s) {
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
    }
}
