package dev.bgagents.providers;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.routing.Routing;
import dev.bgagents.agents.claude.ClaudeCli;
import dev.bgagents.agents.codex.CodexCli;
import dev.bgagents.agents.custom.CustomCli;
import dev.bgagents.agents.gemini.GeminiCli;
import dev.bgagents.agents.ollama.OllamaCli;
import dev.bgagents.agents.opencode.OpencodeCli;
import dev.bgagents.config.Config;
import dev.bgagents.config.ProviderConfig;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The providers a server knows: the built-in CLIs, and custom ones from the config file.
 * Commands come only from here, never from a tool argument, so a prompt-injected host cannot
 * make the server run an arbitrary program.
 */
public final class Providers {

    /** A provider ready to launch: its adapter and the resolved program. */
    public record Resolved(AgentCli cli, List<String> executable, ProviderConfig config) {
    }

    /** Why a provider cannot be used; the message is one line for the host. */
    public static final class UnavailableException extends Exception {
        public UnavailableException(String message) {
            super(message);
        }
    }

    private final Map<String, AgentCli> clis = new LinkedHashMap<>();
    private final Config config;

    public Providers(Config config) {
        this.config = config;
        for (AgentCli cli : List.of(new ClaudeCli(), new CodexCli(), new GeminiCli(), new OpencodeCli(), new OllamaCli())) {
            clis.put(cli.name(), cli);
        }
        config.providers().forEach((name, pc) -> {
            if (!clis.containsKey(name)) {
                clis.put(name, new CustomCli(name, pc));
            }
        });
    }

    /** The known CLIs that can ask a person (permissions ask), in order. */
    public List<String> askers() {
        return clis.values().stream().filter(AgentCli::canAsk).map(AgentCli::name).toList();
    }

    /** How long a job under permissions ask waits for a person's answer (config "approvals"). */
    public int approvalSeconds() {
        return config.approvals().timeoutSeconds();
    }

    /** Whether a provider is known and its program is found. */
    public boolean usable(String name) {
        try {
            resolve(name);
            return true;
        } catch (UnavailableException e) {
            return false;
        }
    }

    /** Provider auto: the installed CLI that suits the task best. */
    public Routing.Choice route(String task) throws UnavailableException {
        Routing routing = new Routing(config.routing());
        java.util.Optional<Routing.Choice> choice = routing.choose(task, this::usable);
        if (choice.isPresent()) {
            return choice.get();
        }
        List<String> installed = names().stream().filter(this::usable).toList();
        throw new UnavailableException(installed.isEmpty()
                ? "provider auto found no installed agent CLI: install one of claude, codex, gemini, opencode, "
                        + "ollama (see: bg-agents doctor)"
                : "provider auto found no CLI suited to " + Routing.classify(task).wire() + " work among those installed ("
                        + String.join(", ", installed) + "): name one as provider, or add it to routing in bg-agents.json");
    }

    /**
     * Who reviews {@code author}'s work: the first installed provider of the config's review
     * order (routing.review) that is not the author — a second opinion — else the author itself. Empty when none is installed.
     */
    public Optional<String> reviewer(String author) {
        List<String> order = new Routing(config.routing()).order(dev.bgagents.routing.TaskKind.REVIEW);
        return order.stream().filter(p -> !p.equals(author)).filter(this::usable).findFirst()
                .or(() -> usable(author) ? Optional.of(author) : Optional.empty());
    }

    public List<String> names() {
        return List.copyOf(new TreeSet<>(clis.keySet()));
    }

    public Optional<AgentCli> cli(String name) {
        return Optional.ofNullable(clis.get(name));
    }

    public Resolved resolve(String name) throws UnavailableException {
        AgentCli cli = clis.get(name);
        if (cli == null) {
            throw new UnavailableException("unknown provider \"" + name + "\"; known: " + String.join(", ", names())
                    + " (custom ones are declared in bg-agents.json)");
        }
        ProviderConfig pc = config.provider(name);
        if (pc == null && cli instanceof CustomCli) {
            throw new IllegalStateException("custom provider without config: " + name);
        }
        List<String> command = pc != null && !pc.command().isEmpty() ? pc.command() : List.of(name);
        Optional<Path> program = findProgram(command.get(0));
        if (program.isEmpty()) {
            throw new UnavailableException(name + " is not installed (\"" + command.get(0)
                    + "\" not found on PATH): " + cli.installHint());
        }
        List<String> executable = new ArrayList<>(command);
        executable.set(0, program.get().toString());
        return new Resolved(cli, executable, pc);
    }

    /**
     * An absolute or relative path that is executable, or a name found on PATH — or, when a host
     * started this server with a shorter PATH than the user's shell has (apps launched from the
     * macOS Dock get only /usr/bin:/bin), in the places the CLIs' installers put them.
     */
    public static Optional<Path> findProgram(String program) {
        if (program.contains(File.separator)) {
            Path p = Path.of(program).toAbsolutePath();
            return Files.isExecutable(p) && !Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        String home = System.getenv().getOrDefault("HOME", System.getProperty("user.home"));
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        // Homebrew on Apple silicon and on Intel, npm's and pip's user prefixes, claude's and opencode's own installers
        dirs.addAll(List.of("/opt/homebrew/bin", "/usr/local/bin", home + "/.npm-global/bin", home + "/.local/bin",
                home + "/.claude/local", home + "/.opencode/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
