package dev.bgagents.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/** {@code link [DIR]}: the bg-agents command on PATH, and the line to add when DIR is not on it. */
@Command(name = "link",
        description = "Put the bg-agents command on your PATH: a link to this launcher in ~/.local/bin (or DIR).")
final class LinkCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "where the link goes (default: ~/.local/bin)")
    Path dir;

    @Override
    public Integer call() throws IOException {
        Map<String, String> env = System.getenv();
        String launcher = env.get("BG_AGENTS_LAUNCHER");
        if (launcher == null || launcher.isBlank()) {
            throw new IllegalStateException("run it through the launcher, as: /path/to/bg-agents/bin/bg-agents link");
        }
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path into = (dir != null ? dir : home.resolve(".local/bin")).toAbsolutePath().normalize();
        Path link = into.resolve("bg-agents");
        if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            throw new IllegalStateException(link + " exists and is not a link: remove it or name another DIR");
        }
        Files.createDirectories(into);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(launcher));
        System.out.println("linked " + link + " -> " + launcher);
        if (onPath(into, env.getOrDefault("PATH", ""))) {
            System.out.println(into + " is on your PATH: bg-agents doctor");
        } else {
            // the link alone leaves `bg-agents` unfound, with nothing saying why
            ShellProfile profile = ShellProfile.of(env.getOrDefault("SHELL", ""), home);
            System.out.println(into + " is not on your PATH, so `bg-agents` is not found yet. Add this line to "
                    + profile.file() + ", then open a new terminal:");
            System.out.println("  " + profile.line(into));
        }
        return 0;
    }

    /** Whether {@code dir} is one of the PATH's directories (after links, so ~/bin → /home/me/bin counts). */
    static boolean onPath(Path dir, String path) {
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Path.of(entry).isAbsolute() && same(Path.of(entry), dir)) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException gone) {
            return Objects.equals(a.normalize(), b.normalize());
        }
    }

    /**
     * The file a shell reads at start-up and the line there that adds a directory to PATH.
     *
     * @param file as a person writes it (~/.bashrc)
     */
    record ShellProfile(String shell, String file, Path home) {
        static ShellProfile of(String shellPath, Path home) {
            String shell = shellPath.substring(shellPath.lastIndexOf('/') + 1);
            return new ShellProfile(shell, switch (shell) {
                case "zsh" -> "~/.zshrc";
                case "bash" -> "~/.bashrc (on macOS: ~/.bash_profile)";
                case "fish" -> "~/.config/fish/config.fish";
                default -> "~/.profile";
            }, home);
        }

        String line(Path dir) {
            String shown = dir.startsWith(home) && !dir.equals(home) ? "$HOME/" + home.relativize(dir) : dir.toString();
            return shell.equals("fish") ? "fish_add_path " + shown.replace("$HOME", "~")
                    : "export PATH=\"" + shown + ":$PATH\"";
        }
    }
}
