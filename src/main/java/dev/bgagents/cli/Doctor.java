package dev.bgagents.cli;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.providers.Providers;
import dev.bgagents.config.Config;
import dev.bgagents.config.ConfigLoader;
import dev.bgagents.config.ConfigProblem;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code doctor}: each agent CLI, found or not, its version, and what it is missing — one line each. */
final class Doctor {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?([-.][0-9A-Za-z.]+)?");

    private Doctor() {
    }

    static int run(Path project, Terminal term) {
        Config config;
        Path configFile = ConfigLoader.locate(project);
        try {
            config = ConfigLoader.load(project);
        } catch (ConfigLoader.ConfigException e) {
            System.out.println("config   BROKEN   " + ConfigProblem.of(e.getMessage()).line());
            return 1;
        }
        System.out.println("project  " + project);
        System.out.println("config   " + (configFile == null ? "none (defaults)" : configFile));
        Providers providers = new Providers(config);
        Map<String, String> env = System.getenv();
        // the CLIs find their credentials under $HOME, which is what a user sets, not the passwd entry
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        List<String> names = List.copyOf(providers.names());
        // each CLI's --version takes up to seconds (node start-up): asked all at once, said in order
        java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newFixedThreadPool(names.size());
        Progress progress = new Progress(term, names.size());
        List<java.util.concurrent.Future<String>> versions = names.stream().map(name -> probes.submit(() -> {
            try {
                return version(providers.resolve(name).executable().get(0));
            } catch (Providers.UnavailableException e) {
                return null;
            } finally {
                progress.answered(name);
            }
        })).toList();
        for (java.util.concurrent.Future<String> v : versions) {
            try {
                v.get();
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                break; // said per CLI below
            }
        }
        progress.done();
        int usable = 0;
        int unconfigured = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            AgentCli cli = providers.cli(name).orElseThrow();
            try {
                Providers.Resolved r = providers.resolve(name);
                String version = versions.get(i).get();
                String missing = cli.missingCredentials(env, home);
                System.out.printf("%-9s %-10s %s%s%n", name, version, r.executable().get(0),
                        missing == null ? "" : "   " + term.red("MISSING: ") + missing);
                if (missing == null) {
                    usable++;
                } else {
                    unconfigured++;
                }
            } catch (Providers.UnavailableException e) {
                System.out.printf("%-9s %-10s %s%n", name, "-", term.red("NOT FOUND: ") + e.getMessage());
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                System.out.printf("%-9s %-10s %s%n", name, "?", "could not ask its version: " + e);
            }
        }
        probes.shutdownNow();
        dev.bgagents.process.ProcessControl processes = dev.bgagents.process.ProcessControl.forThisSystem();
        List<String> tools = new java.util.ArrayList<>(processes.tools());
        tools.add("git");
        System.out.println("process control: " + processes.name());
        boolean toolsFound = true;
        for (String tool : tools) {
            Optional<Path> found = Providers.findProgram(tool);
            toolsFound &= found.isPresent();
            System.out.printf("%-9s %-10s %s%n", tool, "", found.map(Path::toString)
                    .orElse("NOT FOUND: bg-agents needs it"));
        }
        System.out.println("sandbox: " + SandboxLine.of(dev.bgagents.sandbox.Sandbox.forThisSystem(), config.sandboxOff(),
                term));
        List<String> sinks = dev.bgagents.orchestration.notify.Notifier.describe(project, config.notifications());
        System.out.println("notify: " + (sinks.isEmpty() ? "none (bg-agents.json \"notify\": desktop, hook, webhook)" : ""));
        sinks.forEach(line -> System.out.println("  " + line));
        // which CLIs can put a request their profile does not cover to a person (permissions ask)
        System.out.println("ask: " + String.join(", ", names.stream().map(n -> n + " "
                + (providers.cli(n).orElseThrow().canAsk() ? "can ask" : "cannot ask")).toList())
                + " (permissions \"ask\"; no answer in " + config.approvals().timeoutSeconds() + " s is a deny)");
        System.out.println(usable + " of " + names.size() + " providers can run here"
                + (unconfigured == 0 ? "" : "; " + unconfigured + " more installed but missing credentials (see MISSING)"));
        // a script or an install step asks "can jobs run here?" of the exit status
        return usable > 0 && toolsFound ? 0 : 1;
    }

    /** The probes' progress: a line redrawn in place on a terminal, one line on stderr otherwise. */
    private static final class Progress {
        private final Terminal term;
        private final int total;
        private final List<String> answered = new java.util.ArrayList<>();

        Progress(Terminal term, int total) {
            this.term = term;
            this.total = total;
            System.err.print("probing " + total + " agent CLIs…" + (term.tty() ? "" : "\n"));
            System.err.flush();
        }

        synchronized void answered(String name) {
            answered.add(name);
            if (term.tty()) {
                System.err.print("\r\u001b[Kprobing " + total + " agent CLIs… " + answered.size() + "/" + total
                        + " answered (" + String.join(", ", answered) + ")");
                System.err.flush();
            }
        }

        synchronized void done() {
            if (term.tty()) {
                System.err.print("\r\u001b[K");
                System.err.flush();
            }
        }
    }

    /** The program's {@code --version}, run with a timeout: a broken CLI must not hang the doctor. */
    static String version(String program) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DefaultExecutor exec = DefaultExecutor.builder().get();
        exec.setStreamHandler(new PumpStreamHandler(out, out));
        exec.setWatchdog(ExecuteWatchdog.builder().setTimeout(Duration.ofSeconds(15)).get());
        exec.setExitValues(null);
        try {
            exec.execute(new CommandLine(program).addArgument("--version", false));
        } catch (Exception e) {
            return "?";
        }
        Matcher m = VERSION.matcher(out.toString(StandardCharsets.UTF_8));
        return m.find() ? m.group() : "?";
    }
}
