package dev.bgagents.summary;

import dev.bgagents.agents.AgentReport;
import dev.bgagents.agents.CommandRun;
import dev.bgagents.git.BranchPatch;
import dev.bgagents.git.GitException;
import dev.bgagents.git.Workspace;
import dev.bgagents.jobs.Job;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.StateFiles;
import dev.bgagents.text.ServerText;
import dev.bgagents.text.Printable;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * A job's full detail, one section at a time — its whole final message, the branch's diff,
 * every command, the errors, the raw log — so a host reads exactly as much as it decides to and
 * never a whole log unasked.
 */
public final class Drilldown {
    /** The most of a diff ever assembled for paging. */
    static final int MAX_DIFF_BYTES = 8 * 1024 * 1024;
    static final int STDERR_TAIL_BYTES = 8192;

    private Drilldown() {
    }

    /**
     * A section's whole text, secrets masked; {@code log} is paged in bytes by {@link #logPage}. All
     * of it is the agent's: control characters are escaped, and in all but the diff (whose lines
     * start with its own marks) a line that could pass for the server's own is quoted.
     */
    public static String text(Job job, JobDir files, String section, Redactor redactor) {
        AgentReport r = job.report();
        return switch (section) {
            case "final" -> r == null || r.finalMessage() == null ? "(no final message yet)"
                    : ServerText.quote(redactor.redact(r.finalMessage()));
            case "commands" -> r == null || r.commands().isEmpty() ? "(no commands recorded)"
                    : ServerText.quote(redactor.redact(r.commands().stream().map(Drilldown::command)
                    .collect(Collectors.joining("\n"))));
            case "errors" -> ServerText.quote(redactor.redact(errors(job, files)));
            case "diff" -> Printable.text(redactor.redact(diff(job)));
            default -> throw new IllegalArgumentException("unknown section " + section);
        };
    }

    /** A page of bytes of the raw output: the bytes, where they start, and the file's size. */
    public record Bytes(String text, long from, long to, long total) {
    }

    /**
     * Bytes either side of a page read to find the secrets its edges would cut: more than any key
     * or token is long.
     */
    static final int SECRET_MARGIN = 1024;

    /**
     * About {@code max} bytes of the raw output from {@code offset}, its edges moved so that they cut
     * no character in two and no secret {@code redactor} masks (each part alone would be shown): a
     * page ends before such a secret, or after it when the page would be empty; one that starts
     * inside one starts at its beginning. Secrets are found as ASCII, one character a byte.
     */
    public static Bytes logPage(Path stdout, long offset, int max, Redactor redactor) {
        try (RandomAccessFile f = new RandomAccessFile(stdout.toFile(), "r")) {
            long size = f.length();
            long from = Math.min(offset, size);
            long around = Math.max(0, from - SECRET_MARGIN);
            byte[] w = new byte[(int) (Math.min(size, from + max + SECRET_MARGIN) - around)];
            f.seek(around);
            f.readFully(w);
            String bytes = new String(w, StandardCharsets.ISO_8859_1);
            int start = charStart(w, redactor.cutBy(bytes, (int) (from - around)).map(Redactor.Span::start)
                    .orElse((int) (from - around)));
            int end = (int) Math.min(w.length, from - around + max);
            var secret = redactor.cutBy(bytes, end);
            if (secret.isPresent()) {
                end = secret.get().start() > start ? secret.get().start() : secret.get().end();
            }
            end = charStart(w, end);
            if (end <= start && start < w.length) {
                end = charEnd(w, start + 1); // a page shows one character at least
            }
            return new Bytes(new String(w, start, end - start, StandardCharsets.UTF_8), around + start,
                    around + end, size);
        } catch (IOException e) {
            return new Bytes("", 0, 0, 0);
        }
    }

    /** The first byte of the UTF-8 character byte {@code i} is part of ({@code i} itself at the end). */
    private static int charStart(byte[] b, int i) {
        while (i > 0 && i < b.length && (b[i] & 0xC0) == 0x80) {
            i--;
        }
        return i;
    }

    /** The first byte at or after {@code i} that starts a character (or the end). */
    private static int charEnd(byte[] b, int i) {
        while (i < b.length && (b[i] & 0xC0) == 0x80) {
            i++;
        }
        return i;
    }

    private static String command(CommandRun c) {
        return "$ " + c.command() + "  → " + (c.exitCode() != null ? "exit " + c.exitCode() : c.failed() ? "failed" : "?");
    }

    private static String errors(Job job, JobDir files) {
        StringBuilder b = new StringBuilder();
        if (job.state().reason() != null) {
            b.append("reason: ").append(job.state().reason()).append('\n');
        }
        if (job.report() != null) {
            job.report().errors().forEach(e -> b.append("error: ").append(e).append('\n'));
        }
        String stderr = StateFiles.tail(files.stderr(), STDERR_TAIL_BYTES);
        if (!stderr.isBlank()) {
            b.append("stderr (last 8 KB):\n").append(stderr);
        }
        return b.length() == 0 ? "(no errors)" : b.toString();
    }

    private static String diff(Job job) {
        if (job.workspace() == null) {
            return "(no diff: the job ran in place in " + job.spec().workdir() + "; use git there)";
        }
        if (!job.workspace().checkedOut()) {
            return "(no diff: " + job.id() + " has not started yet, or never did)";
        }
        Workspace w = job.workspace();
        try {
            BranchPatch patch = BranchPatch.of(w.repo(), w.baseCommit(), w.branch(), MAX_DIFF_BYTES);
            if (!patch.whole()) {
                return patch.text() + "… (" + (patch.clipped() ? "diff clipped at " + MAX_DIFF_BYTES / (1024 * 1024)
                        + " MB" : "files too large to show are left out") + "; the whole diff: git -C " + w.path()
                        + " diff " + w.baseCommit() + ".." + w.branch() + ")\n";
            }
            return patch.text().isEmpty() ? "(no changes on " + w.branch() + ")" : patch.text();
        } catch (GitException e) {
            return "(no diff: " + e.getMessage() + ")";
        }
    }
}
