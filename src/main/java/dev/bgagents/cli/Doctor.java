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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code doctor}: each agent CLI, found or not, its version, and what it is missing — one line each. */
public final class Doctor {
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?([-.][0-9A-Za-z.]+)?");

    private Doctor() {
    }

    public static int run(Path project) {
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
        System.err.println("probing " + names.size() + " agent CLIs…");
        java.util.concurrent.ExecutorService probes = java.util.concurrent.Executors.newFixedThreadPool(names.size());
        List<java.util.concurrent.Future<String>> versions = names.stream().map(name -> probes.submit(() -> {
            try {
                return version(providers.resolve(name).executable().get(0));
            } catch (Providers.UnavailableException e) {
                return null;
            }
        })).toList();
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
                        missing == null ? "" : "   MISSING: " + missing);
                if (missing == null) {
                    usable++;
                } else {
                    unconfigured++;
                }
            } catch (Providers.UnavailableException e) {
                System.out.printf("%-9s %-10s %s%n", name, "-", "NOT FOUND: " + e.getMessage());
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                System.out.printf("%-9s %-10s %s%n", name, "?", "could not ask its version: " + e);
            }
        }
        probes.shutdownNow();
        for (String tool : List.of("setsid", "git")) {
            System.out.printf("%-9s %-10s %s%n", tool, "", Providers.findProgram(tool).map(Path::toString)
                    .orElse("NOT FOUND: bg-agents needs it"));
        }
        System.out.println(usable + " of " + names.size() + " providers can run here"
                + (unconfigured == 0 ? "" : "; " + unconfigured + " more installed but missing credentials (see MISSING)"));
        return 0;
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
