package dev.bgagents.orchestration.notify;

import dev.bgagents.providers.Providers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The project's hook: its command (an argument vector from bg-agents.json alone, never from a tool
 * argument) started in the project with the event's JSON on its stdin, within its time limit. A hook
 * that fails is not run again for the same event: a script's failure is rarely one that passes.
 */
final class HookSink implements Sink {
    private final List<String> command;
    private final Duration limit;
    private final ShortCommand commands;
    private final Outbox outbox;
    private final Path project;

    HookSink(List<String> command, Duration limit, ShortCommand commands, Outbox outbox, Path project) {
        this.command = command;
        this.limit = limit;
        this.commands = commands;
        this.outbox = outbox;
        this.project = project;
    }

    @Override
    public String name() {
        return "hook";
    }

    @Override
    public String describe() {
        return String.join(" ", command) + " (stdin: the event, " + limit.toSeconds() + " s at most)";
    }

    /** A program named by a relative path is the project's, as the hook runs there. */
    private Optional<Path> program() {
        String p = command.get(0);
        return Providers.findProgram(p.contains("/") ? project.resolve(p).toString() : p);
    }

    @Override
    public Optional<String> cannotWorkHere() {
        return program().isPresent() ? Optional.empty()
                : Optional.of(command.get(0) + " is not an executable file here");
    }

    @Override
    public Attempt deliver(NotifyEvent e) {
        Optional<Path> program = program();
        if (program.isEmpty()) {
            return Attempt.giveUp(command.get(0) + " is not an executable file");
        }
        List<String> argv = new ArrayList<>(command);
        argv.set(0, program.get().toString());
        String failed = commands.run(argv, outbox.eventFile(e.id()), outbox.dir().resolve(e.id() + ".hook-run"), limit);
        return failed == null ? Attempt.delivered("hook exited 0") : Attempt.giveUp("hook " + failed);
    }
}
