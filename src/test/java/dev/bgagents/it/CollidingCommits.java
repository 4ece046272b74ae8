package dev.bgagents.it;

import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Two commits on the same parent that {@code git log --oneline} cannot tell apart — same subject,
 * same 7-hex abbreviation, one file of one line each — but with different content. The red team
 * brute-forced one side (2^28 tries, 21 s); free to vary both sides, a birthday search needs about
 * 2^14 ids of each, computed without writing them, so it takes milliseconds.
 */
record CollidingCommits(ObjectId reviewed, ObjectId replacement, int tries) {
    private static final int ABBREV = 7;

    /** The pair, written into the repository at {@code gitDir}: {@code file} is "good" in one, "evil" in the other. */
    static CollidingCommits make(Path gitDir, String parent, String file, String subject) throws IOException {
        try (Repository repo = FileRepositoryBuilder.create(gitDir.toFile());
             ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId base = repo.parseCommit(ObjectId.fromString(parent)).getTree();
            ObjectId good = tree(repo, ins, base, file, "good\n");
            ObjectId evil = tree(repo, ins, base, file, "evil\n");
            Map<String, Integer> goodSeen = new HashMap<>();
            Map<String, Integer> evilSeen = new HashMap<>();
            for (int i = 0; i < 1 << 20; i++) {
                String g = abbreviation(commit(good, parent, subject, i));
                String e = abbreviation(commit(evil, parent, subject, i));
                goodSeen.put(g, i);
                evilSeen.put(e, i);
                if (evilSeen.containsKey(g) || goodSeen.containsKey(e)) {
                    int gi = evilSeen.containsKey(g) ? i : goodSeen.get(e);
                    int ei = evilSeen.containsKey(g) ? evilSeen.get(g) : i;
                    ObjectId a = ins.insert(commit(good, parent, subject, gi));
                    ObjectId b = ins.insert(commit(evil, parent, subject, ei));
                    ins.flush();
                    return new CollidingCommits(a, b, 2 * (i + 1));
                }
            }
            throw new AssertionError("no collision of " + ABBREV + " hex digits in 2^21 commits");
        }
    }

    /** The commit's id, as abbreviated, computed without writing the commit. */
    private static String abbreviation(CommitBuilder c) throws IOException {
        return new ObjectInserter.Formatter().idFor(Constants.OBJ_COMMIT, c.build()).abbreviate(ABBREV).name();
    }

    /** {@code base} with {@code file} (one line) added. */
    private static ObjectId tree(Repository repo, ObjectInserter ins, ObjectId base, String file, String content)
            throws IOException {
        TreeFormatter t = new TreeFormatter();
        try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
            walk.addTree(base);
            boolean added = false;
            while (walk.next()) {
                if (!added && walk.getPathString().compareTo(file) > 0) {
                    t.append(file, org.eclipse.jgit.lib.FileMode.REGULAR_FILE, blob(ins, content));
                    added = true;
                }
                t.append(walk.getPathString(), walk.getFileMode(0), walk.getObjectId(0));
            }
            if (!added) {
                t.append(file, org.eclipse.jgit.lib.FileMode.REGULAR_FILE, blob(ins, content));
            }
        }
        return ins.insert(t);
    }

    private static ObjectId blob(ObjectInserter ins, String content) throws IOException {
        return ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The commit whose committer time is {@code nonce} seconds after a fixed instant: invisible in a one-line log. */
    private static CommitBuilder commit(ObjectId tree, String parent, String subject, int nonce) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        c.setParentId(ObjectId.fromString(parent));
        c.setAuthor(new PersonIdent("agent", "agent@agent.invalid", at, ZoneOffset.UTC));
        c.setCommitter(new PersonIdent("agent", "agent@agent.invalid", at.plusSeconds(nonce), ZoneOffset.UTC));
        c.setMessage(subject + "\n");
        return c;
    }
}
