package dev.bgagents.relay;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's own entry point, run by a job's launcher shell in place of the agent ({@link #command}). A
 * main of its own, not a subcommand of bg-agents' Main, so that nothing of the server — its logging, its
 * config — is loaded in a process that lives as long as the job.
 */
public final class RelayMain {
    /** Small and quick to start: it copies lines and polls a folder (bench/relay.sh measures it). */
    static final List<String> JVM_FLAGS = List.of("-Xms8m", "-Xmx64m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=16m", "-Xshare:auto");

    private RelayMain() {
    }

    public static void main(String[] args) {
        RelayOptions options;
        try {
            options = RelayOptions.parse(List.of(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bg-agents relay: " + e.getMessage());
            System.exit(2);
            return;
        }
        int code;
        try {
            byte[] prompt = System.in.readAllBytes();
            // stdout is the job's stdout.log: written raw, line by line, never through System.out's encoder
            code = new Relay(options).run(prompt, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 65536));
        } catch (IOException e) {
            Relay.note("cannot run " + options.argv().get(0) + ": " + e.getMessage());
            code = 127;
        } catch (InterruptedException e) {
            code = 130;
        }
        System.exit(code);
    }

    /**
     * The command that runs claude's {@code argv} (sandboxed already) through a relay for the job whose channel
     * is {@code channel}: this JVM's java and class path, so the relay is the server's own code.
     *
     * @param approvalSeconds null for the relay's default
     */
    public static List<String> command(Path channel, boolean ask, Long approvalSeconds, List<String> argv) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JVM_FLAGS);
        // absolute: the relay starts in the job's directory, the server wherever it was started
        String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(
                        java.io.File.pathSeparator));
        cmd.addAll(List.of("-cp", classPath, RelayMain.class.getName()));
        cmd.addAll(List.of("--channel", channel.toString()));
        if (ask) {
            cmd.add("--ask");
        }
        if (approvalSeconds != null) {
            cmd.addAll(List.of("--approval-seconds", approvalSeconds.toString()));
        }
        cmd.add("--");
        cmd.addAll(argv);
        return cmd;
    }
}
