package dev.bgagents.git;

import dev.bgagents.text.Printable;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job's branch holds beyond its base: the commits made and a diffstat. File names and
 * subjects are the agent's choice and are shown, from here on, as {@link Printable} makes them:
 * a name with a newline or an escape sequence in it stays one quoted name on one line.
 *
 * @param tip     the branch's commit, its whole id: what was read
 * @param commits newest first, "abc1234 subject"
 * @param files   one line each: "path +added -removed" (renames "old → new")
 */
public record BranchReport(String tip, List<String> commits, List<String> files, int added, int removed) {
    static final int MAX_COMMITS = 20;

    public static BranchReport of(Path repoTop, String baseCommit, String branch) throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            RevCommit head = walk.parseCommit(tipOf(repo, branch));
            RevCommit base = walk.parseCommit(ObjectId.fromString(baseCommit));
            List<String> commits = new ArrayList<>();
            walk.markStart(head);
            walk.markUninteresting(base);
            for (RevCommit c : walk) {
                if (commits.size() == MAX_COMMITS) {
                    commits.add("…");
                    break;
                }
                commits.add(c.abbreviate(7).name() + " " + Printable.line(c.getShortMessage()));
            }
            return diff(repo, base, head, commits);
        } catch (IOException e) {
            throw new GitException("cannot read branch " + branch + ": " + e.getMessage());
        }
    }

    static BranchReport diff(Repository repo, RevCommit from, RevCommit to, List<String> commits) throws IOException {
        List<String> files = new ArrayList<>();
        int added = 0;
        int removed = 0;
        try (DiffFormatter f = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            f.setRepository(repo);
            f.setDetectRenames(true);
            for (DiffEntry e : f.scan(from.getTree(), to.getTree())) {
                int a = 0;
                int r = 0;
                for (Edit edit : f.toFileHeader(e).toEditList()) {
                    a += edit.getLengthB();
                    r += edit.getLengthA();
                }
                added += a;
                removed += r;
                String name = switch (e.getChangeType()) {
                    case DELETE -> Printable.name(e.getOldPath());
                    case RENAME -> Printable.name(e.getOldPath()) + " → " + Printable.name(e.getNewPath());
                    default -> Printable.name(e.getNewPath());
                };
                files.add(name + " +" + a + " -" + r);
            }
        }
        return new BranchReport(to.name(), commits, files, added, removed);
    }

    private static ObjectId tipOf(Repository repo, String branch) throws IOException, GitException {
        ObjectId tip = repo.resolve("refs/heads/" + branch);
        if (tip == null) {
            throw new GitException("branch " + branch + " does not exist");
        }
        return tip;
    }

    /** The commit {@code branch} is at now, its whole id (never an abbreviation: those can be forged). */
    public static String tip(Path repoTop, String branch) throws GitException {
        try (Repository repo = Worktrees.open(repoTop)) {
            return tipOf(repo, branch).name();
        } catch (IOException e) {
            throw new GitException("cannot read branch " + branch + ": " + e.getMessage());
        }
    }

    /** The branch's changes against its base as a unified diff, cut at {@code maxBytes}. */
    public static String patch(Path repoTop, String baseCommit, String branch, int maxBytes) throws GitException {
        return patchTo(repoTop, baseCommit, tip(repoTop, branch), maxBytes);
    }

    /** The changes from {@code baseCommit} to {@code tip} (whole ids) as a unified diff, cut at {@code maxBytes}. */
    public static String patchTo(Path repoTop, String baseCommit, String tip, int maxBytes) throws GitException {
        try (Repository repo = Worktrees.open(repoTop); RevWalk walk = new RevWalk(repo)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (DiffFormatter f = new DiffFormatter(out)) {
                f.setRepository(repo);
                f.setDetectRenames(true);
                f.format(walk.parseCommit(ObjectId.fromString(baseCommit)).getTree(),
                        walk.parseCommit(ObjectId.fromString(tip)).getTree());
            }
            byte[] b = out.toByteArray();
            return new String(b, 0, Math.min(b.length, maxBytes), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitException("cannot diff " + tip + ": " + e.getMessage());
        }
    }
}
