package dev.bgagents.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@code standins/escape-attacker.sh} aims at outside its worktree, set up before a job and
 * judged from outside after it: an attempt succeeded when its target changed, whatever the agent
 * said. The home is the server's {@code HOME} (a temporary one of the test's), the project the
 * person's checkout with a second branch, {@code other}, beside {@code main}.
 */
final class EscapeTargets {
    static final Path ATTACKER = Path.of("src/test/resources/standins/escape-attacker.sh").toAbsolutePath();

    final Path home;
    final Path outside;
    private final Path project;
    private final Path sharedTmp;
    private final Map<String, String> before = new LinkedHashMap<>();
    private Path worktrees;

    EscapeTargets(Path dir, Path project) throws IOException, InterruptedException {
        this.project = project;
        this.home = Files.createDirectories(dir.resolve("home"));
        this.outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(home.resolve(".bashrc"), "# the person's own\n");
        Path other = Files.createDirectories(outside.resolve("other-repo"));
        ServerHarness.runGit(other, "init", "-q");
        Files.writeString(other.resolve("file.txt"), "another repository\n");
        for (String f : List.of("sym-target.txt", "hard-target.txt", "proc-target.txt")) {
            Files.writeString(outside.resolve(f), f + "\n");
        }
        String name = "bg-escape-" + UUID.randomUUID();
        this.sharedTmp = Path.of("/tmp", name);
        Files.writeString(sharedTmp, "shared\n");
        Files.writeString(outside.resolve("shared-tmp"), name);
    }

    /** The provider that runs the attacker, as bg-agents.json declares it. */
    Map<String, Object> provider() {
        return Map.of("command", List.of("bash", ATTACKER.toString()), "output", "text",
                "env", Map.of("ESC_OUTSIDE", outside.toString()));
    }

    /**
     * Call once the project's first commit is made: the person's second branch, and every target as it is;
     * {@code worktreesHome} is where the project's worktrees go (the attacker writes beside its own).
     */
    void record(Path worktreesHome) throws IOException, InterruptedException {
        this.worktrees = worktreesHome;
        ServerHarness.runGit(project, "branch", "-f", "other", "main");
        ServerHarness.runGit(project, "branch", "-f", "bg/other-job", "main"); // another job's branch, beside its own
        ServerHarness.runGit(project, "repack", "-q", "-a", "-d"); // the person's history in a pack, as in a real repository
        before.putAll(now());
    }

    /** The attempts whose target changed since {@link #record}. */
    List<String> succeeded() throws IOException, InterruptedException {
        List<String> changed = new ArrayList<>();
        now().forEach((k, v) -> {
            if (!v.equals(before.get(k))) {
                changed.add(k);
            }
        });
        return changed;
    }

    void close() throws IOException {
        Files.deleteIfExists(sharedTmp);
    }

    private Map<String, String> now() throws IOException, InterruptedException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("home-dotfile", read(home.resolve(".bashrc")));
        m.put("checkout-file", read(project.resolve("README.md")));
        m.put("main-hook", read(project.resolve(".git/hooks/pre-commit")));
        m.put("main-hookspath", ServerHarness.runGit(project, "config", "--default", "-", "core.hooksPath").strip());
        m.put("main-new-branch", refs("planted"));
        m.put("main-other-ref", refs("other"));
        m.put("other-job-ref", refs("bg/other-job"));
        m.put("other-repo", read(outside.resolve("other-repo/file.txt")));
        m.put("shared-tmp", read(sharedTmp));
        m.put("symlink-out", read(outside.resolve("sym-target.txt")));
        m.put("hardlink-out", read(outside.resolve("hard-target.txt")));
        m.put("proc-self-root", read(outside.resolve("proc-target.txt")));
        m.put("beside-worktree", read(worktrees.resolve("planted-beside.txt")));
        m.put("main-packs", list(project.resolve(".git/objects/pack")));
        m.put("main-alternates", read(project.resolve(".git/objects/info/alternates")));
        return m;
    }

    private String refs(String branch) throws IOException, InterruptedException {
        return ServerHarness.runGit(project, "for-each-ref", "refs/heads/" + branch).strip();
    }

    private static String list(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p) : "(absent)";
    }
}
