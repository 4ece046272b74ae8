package dev.bgagents;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The launcher's JVM flags for a server started without them. Many hosts' docs register
 * {@code java -jar bg-agents.jar}: with the JVM's defaults (G1, a heap of a quarter of the
 * machine) 30 agents printing 20 MB each took the server to 1.9 GB resident, against 158 MB
 * through bin/bg-agents. Java 17 cannot replace its own process, so the server re-starts itself
 * as a child with the flags of jvm.options (the same file the launcher passes), its stdin, stdout
 * and stderr inherited, not copied: the protocol passes straight through. Its exit status is
 * this process's; a SIGTERM or SIGINT here is passed on to it.
 */
final class JvmFlags {
    /** Set on the child, so it never re-starts itself again (whatever heap the user gave it). */
    static final String APPLIED = "bgagents.jvm.flags";
    /** A JVM with a heap at most this is capped already (the launcher's 256 MB, a user's -Xmx, a small machine). */
    private static final long CAPPED = 512L << 20;

    private JvmFlags() {
    }

    /** The child's exit status, or empty when this JVM should serve itself. */
    static Optional<Integer> serveWithLauncherFlags(String[] args) throws IOException, InterruptedException {
        if (System.getProperty(APPLIED) != null || Runtime.getRuntime().maxMemory() <= CAPPED
                || "as-started".equals(System.getenv("BG_AGENTS_JVM"))) {
            return Optional.empty();
        }
        List<String> inputArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        // a heap the user chose on the command line (or JAVA_TOOL_OPTIONS) is kept as it is
        if (inputArgs.stream().anyMatch(a -> a.startsWith("-Xmx") || a.startsWith("-XX:MaxHeapSize")
                || a.startsWith("-XX:MaxRAM"))) {
            return Optional.empty();
        }
        String classPath = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path archive = Path.of(classPath.replaceFirst("\\.jar$", ".jsa"));
        if (classPath.endsWith(".jar") && Files.isRegularFile(archive)) {
            cmd.add("-XX:SharedArchiveFile=" + archive);
        }
        cmd.addAll(launcherFlags());
        // the user's own options after ours, so theirs win (a -D, an agent, another collector)
        cmd.addAll(inputArgs);
        cmd.addAll(List.of("-D" + APPLIED + "=re-started", "-cp", classPath, Main.class.getName()));
        cmd.addAll(List.of(args));
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        Thread passOn = new Thread(() -> {
            child.destroy();
            try {
                child.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pass-signal-to-server");
        Runtime.getRuntime().addShutdownHook(passOn);
        int status = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(passOn);
        return Optional.of(status);
    }

    /** jvm.options as the jar carries it: one flag a line, # comments, as java's @argfiles read it. */
    static List<String> launcherFlags() throws IOException {
        try (InputStream in = JvmFlags.class.getResourceAsStream("jvm.options")) {
            if (in == null) {
                throw new IOException("jvm.options is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
