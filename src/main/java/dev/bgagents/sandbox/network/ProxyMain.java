package dev.bgagents.sandbox.network;

import dev.bgagents.config.NetworkAllowList;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The job's proxy as a process of its own, started by the job (not the server, which the job outlives) in
 * the job's network directory: {@code ProxyMain <provider> <entry,entry,…>} listens on {@code proxy.sock}
 * there. A path relative to the working directory, because a Unix socket's path is limited to 108 bytes
 * and a project's job directories can lie deeper. It ends with the job's process group, and on its own
 * when the shell that started it is gone (a group killed in part leaves nothing behind).
 */
public final class ProxyMain {
    static final String SOCKET = "proxy.sock";
    /** The refusals of every round of the job, {@code METHOD host:port} a line, for its summary. */
    public static final String REFUSED = "refused.log";

    private ProxyMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ProxyMain <provider> <allowed,hosts>");
            System.exit(2);
        }
        List<String> entries = args[1].isEmpty() ? List.of() : Arrays.asList(args[1].split(","));
        NetworkAllowList allowed = NetworkAllowList.of(entries);
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        Path socket = Path.of(SOCKET);
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        // bound under a temporary name and renamed, so that whoever waits for the socket finds it listening
        Path binding = Path.of(SOCKET + ".new");
        Files.deleteIfExists(binding);
        server.bind(UnixDomainSocketAddress.of(binding));
        Files.move(binding, socket, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        PrintStream refused = new PrintStream(new FileOutputStream(REFUSED, true), true, StandardCharsets.UTF_8);
        new FilteringProxy(allowed, args[0], System.err, refused).serve(server);
    }
}
