package dev.bgagents.git;

import dev.bgagents.text.Clip;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A job's branch lent to its sandboxed agent. git moves a ref by renaming {@code <ref>.lock} over it, so
 * a commit needs the ref's directory writable — {@code refs/heads/bg/}, where every other job's branch
 * is too. Instead the agent is shown, at that directory and at its reflog's, folders of its own holding
 * a copy of its ref alone: it commits as ever, and can move no other ref. When its agent has exited,
 * before anything reads the branch, the server takes the ref back: the tip the agent left, if it is a
 * commit the repository holds, becomes the branch's.
 */
public final class LentBranch {
    private static final Logger LOG = LoggerFactory.getLogger(LentBranch.class);
    /** Beside the copy, outside what the agent is shown: the tip it was lent at. */
    private static final String LENT_AT = "lent-at";
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private LentBranch() {
    }

    /**
     * Takes back what an earlier agent left (a server that stopped before it could), then lends the branch
     * again: returns the directories to show, the repository's real ones → the job's own under {@code own}.
     */
    public static Map<Path, Path> lend(Workspace w, Path own) throws GitException, IOException {
        takeBack(w, own);
        Path common = Worktrees.gitDirOf(w).toRealPath().getParent().getParent();
        String tip = GitCli.run(w.repo(), "rev-parse", "--verify", "-q", "refs/heads/" + w.branch()).strip();
        Path leaf = Path.of(w.branch()).getFileName();
        Path refs = Files.createDirectories(own.resolve("refs"));
        Path logs = Files.createDirectories(own.resolve("logs"));
        clear(refs);
        clear(logs);
        Files.writeString(refs.resolve(leaf), tip + "\n");
        Files.writeString(own.resolve(LENT_AT), tip + "\n");
        Path realLog = common.resolve("logs/refs/heads").resolve(w.branch());
        if (Files.isRegularFile(realLog)) {
            Files.copy(realLog, logs.resolve(leaf), StandardCopyOption.REPLACE_EXISTING);
        }
        Map<Path, Path> shown = new LinkedHashMap<>();
        shown.put(Files.createDirectories(common.resolve("refs/heads").resolve(w.branch()).getParent()), refs);
        shown.put(Files.createDirectories(common.resolve("logs/refs/heads").resolve(w.branch()).getParent()), logs);
        return shown;
    }

    /**
     * Once the agent has exited: its branch moved to where it left its copy, when that names a commit the
     * repository holds (anything else — gone, a symbolic ref, garbage — leaves the branch as it was, and is
     * logged). Returns the new tip, or empty when the branch did not move. Nothing lent: nothing to do. When
     * the branch itself moved meanwhile (a person committed in the worktree from outside; a sandbox that did
     * not show the copy in place), neither is lost: the branch stays, and where the agent left its copy is
     * kept at {@code refs/bg-agents/lent/<branch>}.
     */
    public static Optional<String> takeBack(Workspace w, Path own) throws GitException {
        Path copy = own.resolve("refs").resolve(Path.of(w.branch()).getFileName());
        Path lentAt = own.resolve(LENT_AT);
        if (!Files.isRegularFile(lentAt, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (Repository repo = Worktrees.open(w.repo()); RevWalk walk = new RevWalk(repo)) {
            String lent = Files.readString(lentAt).strip();
            String left = Files.isRegularFile(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                    ? new String(Files.readAllBytes(copy), java.nio.charset.StandardCharsets.US_ASCII).strip() : "";
            Files.delete(lentAt); // taken, whatever the outcome: a second take-back finds nothing to do
            ObjectId now = repo.resolve("refs/heads/" + w.branch());
            if (left.equals(lent)) {
                return Optional.empty();
            }
            if (!OBJECT_ID.matcher(left).matches() || !isCommit(walk, left)) {
                LOG.warn("{}: the agent left its branch's ref as {}, no commit here; {} stays at {}", w.branch(),
                        left.isEmpty() ? "nothing" : Clip.oneLine(left, 60), w.branch(), now == null ? "nothing" : now.name());
                return Optional.empty();
            }
            ObjectId id = ObjectId.fromString(left);
            boolean moved = now == null || !now.name().equals(lent);
            String ref = moved ? "refs/bg-agents/lent/" + w.branch() : "refs/heads/" + w.branch();
            RefUpdate u = repo.updateRef(ref);
            u.setNewObjectId(id);
            u.setRefLogIdent(new PersonIdent("bg-agents", "bg-agents@localhost"));
            u.setRefLogMessage("bg-agents: where its sandboxed agent left it", false);
            RefUpdate.Result r = u.forceUpdate();
            if (r != RefUpdate.Result.FORCED && r != RefUpdate.Result.FAST_FORWARD && r != RefUpdate.Result.NEW
                    && r != RefUpdate.Result.NO_CHANGE) {
                throw new GitException("cannot move " + ref + " to " + left + " where its agent left it: " + r);
            }
            if (moved) {
                LOG.warn("{} moved while lent (from {} to {}): it stays, and where its agent left it ({}) is kept at {}",
                        w.branch(), lent, now == null ? "nothing" : now.name(), left, ref);
                return Optional.empty();
            }
            return Optional.of(id.name());
        } catch (IOException e) {
            throw new GitException("cannot take " + w.branch() + " back from its agent: " + e.getMessage());
        }
    }

    private static boolean isCommit(RevWalk walk, String id) {
        try {
            walk.parseCommit(ObjectId.fromString(id));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@link #takeBack}, for the end of an agent: what it did, or why it could not, logged for {@code jobId}. */
    public static void takeBackQuietly(String jobId, Workspace w, Path own) {
        if (!w.checkedOut() || w.removed()) {
            return;
        }
        try {
            takeBack(w, own).ifPresent(tip -> LOG.info("{}: {} taken back from its agent at {}", jobId, w.branch(), tip));
        } catch (GitException e) {
            LOG.warn("{}: {}", jobId, e.getMessage());
        }
    }

    private static void clear(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    dev.bgagents.project.StateFiles.deleteTree(p);
                } else {
                    Files.delete(p);
                }
            }
        }
    }
}
