package dev.bgagents.orchestration;

import dev.bgagents.config.Config;
import dev.bgagents.process.ProcessControl;
import dev.bgagents.project.StateLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Jobs that finish with nobody watching. A server whose host quits while it still has jobs
 * queued or running hands them to a runner: the same jar, detached in a session of its own,
 * with no MCP — an engine that takes the jobs over as a restarted server would (the owner
 * locks go with the server's process), starts the queued ones, finishes every one (worktree
 * sealed, summary and plan files written) and exits once it has none left.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    /** How long a new runner waits for the jobs of the server that is still exiting to come free. */
    static final long TAKE_OVER_MS = 10_000;
    private static final long LOOK_EVERY_MS = 500;

    private Runner() {
    }

    /** {@code bg-agents runner}: runs the project's jobs until none is left for it. */
    public static int run(Path project, Config config) throws Exception {
        try (Engine engine = Engine.open(project, config)) {
            engine.start();
            long started = System.nanoTime();
            LOG.info("runner for {}: taking over the jobs no server watches", project);
            while (engine.ownedJobs() > 0 || System.nanoTime() - started < TAKE_OVER_MS * 1_000_000) {
                Thread.sleep(LOOK_EVERY_MS);
            }
            LOG.info("runner for {}: no job left; exiting", project);
        }
        return 0;
    }

    /**
     * Starts a runner for the project, detached (its own session, stdin from /dev/null, output
     * to the project's log), when the engine that is closing still has jobs. Never throws: a
     * server on its way out says what it could not do and goes.
     */
    public static void handOffIfNeeded(Engine engine) {
        long left = engine.ownedJobs();
        if (left == 0) {
            return;
        }
        try {
            Path jar = Path.of(Runner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                LOG.warn("{} jobs left and no jar to start a runner from ({}): the next server finishes them", left, jar);
                return;
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java));
            // the JVM options this server was started with (the launcher's heap cap and collector),
            // not the system properties: those name the process that started it — but for the
            // choice of process control, which the runner must share with the server
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X") || a.startsWith("-D" + ProcessControl.CHOICE_PROPERTY + "="))
                    .forEach(cmd::add);
            cmd.addAll(List.of("-jar", jar.toString(), "runner"));
            ProcessBuilder pb = new ProcessBuilder(ProcessControl.forThisSystem().detached(cmd))
                    .directory(engine.project().toFile());
            pb.environment().put("BG_AGENTS_PROJECT", engine.project().toString());
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.redirectOutput(ProcessBuilder.Redirect.appendTo(new StateLayout(engine.project()).log().toFile()));
            pb.redirectErrorStream(true);
            Process p = pb.start();
            LOG.info("{} jobs left: handed to a runner (pid {}) that finishes them and exits", left, p.pid());
        } catch (Exception e) {
            LOG.warn("{} jobs left; could not start a runner ({}): the next server finishes them", left, e.toString());
        }
    }
}
