package dev.bgagents.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Linux confinement with bubblewrap ({@code bwrap}, Debian's {@code bubblewrap}): the whole file
 * system bound read-only, the writable directories bound over it, a private {@code /tmp} (with the
 * directories it may read bound again where that hid them), fresh
 * {@code /dev} and {@code /proc}, and a pid namespace — when its first process ends, the kernel
 * kills everything left in it, so a daemon that left the job's session and dropped its environment
 * ({@code setsid env -i …}) goes too. A check dies with the shell that started it; an agent
 * ({@link Rules#detached}) does not, so it outlives that shell as it outlives the server, and a kill
 * reaches it by its process group and tag, which it keeps in the sandbox. Without network, the
 * process gets a loopback of its own: it can run its own servers but reach none of the machine's.
 * Works unprivileged where user namespaces are enabled (Debian, Ubuntu, Fedora by default).
 */
final class Bubblewrap implements Sandbox {
    private static volatile Sandbox probed;

    private final String program;

    private Bubblewrap(String program) {
        this.program = program;
    }

    /** Found on PATH and tried once per server: a bwrap that cannot make its namespaces here is none. */
    static Sandbox probe() {
        Sandbox s = probed;
        if (s == null) {
            s = find();
            probed = s;
        }
        return s;
    }

    private static Sandbox find() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac") && Files.isExecutable(SandboxExec.PROGRAM)) {
            return new SandboxExec();
        }
        if (!os.contains("linux")) {
            return new NoSandbox("no sandbox for " + System.getProperty("os.name") + " (bubblewrap is Linux's, "
                    + "sandbox-exec macOS's)");
        }
        Optional<Path> bwrap = onPath("bwrap");
        if (bwrap.isEmpty()) {
            return new NoSandbox("bubblewrap is not installed (apt install bubblewrap)");
        }
        Bubblewrap b = new Bubblewrap(bwrap.get().toString());
        List<String> cmd = new ArrayList<>(b.wrap(List.of("true"), new Rules(Path.of("/"), List.of(),
                List.of(), null, false)));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(
                    ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String said = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new NoSandbox("bubblewrap did not answer within 10 s");
            }
            if (p.exitValue() != 0) {
                return new NoSandbox("bubblewrap cannot run here (" + (said.isEmpty() ? "exit " + p.exitValue()
                        : said.lines().findFirst().orElse("")) + "): user namespaces may be disabled");
            }
        } catch (IOException e) {
            return new NoSandbox("bubblewrap cannot start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new NoSandbox("interrupted while trying bubblewrap");
        }
        return b;
    }

    @Override
    public String name() {
        return "bubblewrap";
    }

    @Override
    public Optional<String> unavailable() {
        return Optional.empty();
    }

    @Override
    public List<String> wrap(List<String> argv, Rules rules) {
        List<String> cmd = new ArrayList<>(List.of(program));
        if (!rules.detached()) {
            cmd.add("--die-with-parent");
        }
        cmd.addAll(List.of("--unshare-pid", "--unshare-ipc", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
        if (!rules.network()) {
            cmd.add("--unshare-net");
        }
        if (rules.privateTmp() != null) {
            cmd.addAll(List.of("--bind", rules.privateTmp().toString(), "/tmp", "--setenv", "TMPDIR", "/tmp"));
        } else {
            cmd.addAll(List.of("--tmpfs", "/tmp"));
        }
        // shallower first, so a directory it may write inside one it may only read (or the reverse) is bound
        // over it, whichever list it came from; what is sealed goes on top of all
        List<Bind> binds = new ArrayList<>();
        rules.shown().forEach((at, what) -> binds.add(new Bind(what, at, "--bind")));
        rules.readable().forEach(p -> binds.add(new Bind(p, p, "--ro-bind")));
        rules.writable().forEach(p -> binds.add(new Bind(p, p, "--bind")));
        binds.sort(java.util.Comparator.comparingInt(b -> b.at().getNameCount()));
        rules.sealed().forEach(p -> binds.add(new Bind(p, p, "--ro-bind")));
        for (Bind b : binds) {
            cmd.addAll(List.of(b.option(), b.source().toString(), b.at().toString()));
        }
        cmd.addAll(List.of("--chdir", rules.workdir().toString(), "--"));
        cmd.addAll(argv);
        return cmd;
    }

    private record Bind(Path source, Path at, String option) {
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = dir.isEmpty() ? null : Path.of(dir, program);
            if (p != null && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
