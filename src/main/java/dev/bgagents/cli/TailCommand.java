package dev.bgagents.cli;

import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.process.OutputFollower;
import dev.bgagents.project.JobDir;
import dev.bgagents.project.KnownProjects;
import dev.bgagents.providers.Providers;
import dev.bgagents.summary.Redactor;
import dev.bgagents.view.ProjectJobs;
import dev.bgagents.view.ReadableLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tail JOB}: what the agent does, line by line, until it ends; then its summary. */
@Command(name = "tail",
        description = "Follow one job: what the agent says and does, as readable lines, until it ends.")
final class TailCommand implements Callable<Integer> {
    /** How long after the agent's exit tail waits for a server to record the end and write the summary. */
    private static final long RECORD_GRACE_NANOS = 5_000_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    Scope scope;

    @Parameters(paramLabel = "JOB", description = "the job id (see: bg-agents jobs)")
    String id;

    @Option(names = "--raw", description = "the agent's stdout byte for byte (its stream JSON)")
    boolean raw;

    @Override
    public Integer call() throws Exception {
        if (!JobStore.ID.matcher(id).matches()) {
            throw new ParameterException(spec.commandLine(), "malformed job id \"" + id + "\" (see: bg-agents jobs)");
        }
        ProjectJobs project = find().orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown job " + id + " (see: bg-agents jobs --all-projects)"));
        Job job = project.job(id).orElseThrow();
        JobDir files = project.store().files(id);
        Terminal term = Terminal.detect();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Redactor redactor = new Redactor(System.getenv());
        String workdir = ProjectJobs.shownRelativeTo(job);
        Follow follow = raw ? new RawFollow(files.stdout(), out) : new ReadableFollow(files.stdout(),
                new ReadableLog(parser(project.project(), job.spec().provider()),
                        line -> out.println(styled(term, redactor.redact(line))), workdir));
        long exitSeen = 0;
        while (true) {
            follow.poll();
            Optional<Job> now = project.job(id);
            boolean ended = now.isPresent() && now.get().status().isTerminal();
            if (!ended && Files.exists(files.exit()) && exitSeen == 0) {
                exitSeen = System.nanoTime(); // the agent is done: its server records the end in a moment
            } else if (!Files.exists(files.exit())) {
                exitSeen = 0; // a fix round began: the agent runs again
            }
            // a job with a check is not done when its agent exits: its check (bounded) runs first
            long grace = RECORD_GRACE_NANOS + (job.spec().verify() == null ? 0
                    : Math.round(job.spec().verify().timeoutMinutes() * 60e9));
            boolean noOneRecords = exitSeen != 0 && System.nanoTime() - exitSeen > grace;
            if (ended || noOneRecords) {
                follow.end();
                out.println();
                if (ended && Files.exists(files.summary())) {
                    out.print(Files.readString(files.summary()));
                } else if (ended) {
                    out.println(id + " " + now.get().status().wire());
                } else {
                    out.println(id + " exited with code " + Files.readString(files.exit()).strip()
                            + "; no server has recorded its end yet (its summary is written when one does)");
                }
                return 0;
            }
            Thread.sleep(200);
        }
    }

    /** The job in the project asked for, else in any project this user has run jobs in. */
    private Optional<ProjectJobs> find() throws IOException {
        List<ProjectJobs> candidates = new ArrayList<>();
        if (!scope.many()) {
            candidates.add(new ProjectJobs(scope.single()));
        }
        if (scope.project == null) {
            KnownProjects.ofUser().list().forEach(p -> candidates.add(new ProjectJobs(p)));
        }
        return candidates.stream().filter(p -> p.job(id).isPresent()).findFirst();
    }

    private static StreamParser parser(Path project, String provider) {
        try {
            return new Providers(ConfigLoader.load(project)).cli(provider).map(c -> c.newParser()).orElse(null);
        } catch (ConfigLoader.ConfigException | RuntimeException e) {
            return null;
        }
    }

    private static String styled(Terminal term, String line) {
        if (line.startsWith("error: ")) {
            return term.red(line);
        }
        if (line.startsWith("said: ")) {
            return term.bold("said: ") + line.substring(6);
        }
        return line.startsWith("$ ") ? term.dim(line) : line;
    }

    private interface Follow {
        void poll() throws IOException;

        void end() throws IOException;
    }

    /** Lines told by the CLI's parser. */
    private static final class ReadableFollow implements Follow {
        private final OutputFollower follower;
        private final ReadableLog log;

        ReadableFollow(Path stdout, ReadableLog log) {
            this.log = log;
            this.follower = new OutputFollower(stdout, log::line);
        }

        @Override
        public void poll() {
            follower.poll(Long.MAX_VALUE);
        }

        @Override
        public void end() {
            follower.drain();
            log.end();
        }
    }

    private static final class RawFollow implements Follow {
        private final Path file;
        private final PrintStream out;
        private long offset;

        RawFollow(Path file, PrintStream out) {
            this.file = file;
            this.out = out;
        }

        @Override
        public void poll() throws IOException {
            if (!Files.exists(file)) {
                return;
            }
            try (var ch = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
                int n;
                while ((n = ch.read(buf, offset)) > 0) {
                    out.write(buf.array(), 0, n);
                    offset += n;
                    buf.clear();
                }
                out.flush();
            }
        }

        @Override
        public void end() throws IOException {
            poll();
        }
    }
}
