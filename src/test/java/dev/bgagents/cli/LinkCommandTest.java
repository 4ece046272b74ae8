package dev.bgagents.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Whether the link's directory is on PATH, and the line each shell needs when it is not. */
class LinkCommandTest {
    @Test
    void aDirectoryIsOnPathByItsNameOrThroughALink(@TempDir Path tmp) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("home/.local/bin"));
        Path alias = Files.createSymbolicLink(tmp.resolve("bin"), bin);
        assertTrue(LinkCommand.onPath(bin, "/usr/bin:" + bin));
        assertTrue(LinkCommand.onPath(bin, "/usr/bin:" + bin + "/"));
        assertTrue(LinkCommand.onPath(bin, alias + ":/usr/bin"));
        assertFalse(LinkCommand.onPath(bin, "/usr/bin:/bin"));
        assertFalse(LinkCommand.onPath(bin, ".local/bin::"), "a relative entry depends on where you stand");
    }

    @Test
    void eachShellGetsItsProfileAndItsLine() {
        Path home = Path.of("/home/me");
        Path bin = home.resolve(".local/bin");
        LinkCommand.ShellProfile zsh = LinkCommand.ShellProfile.of("/usr/bin/zsh", home);
        assertEquals("~/.zshrc", zsh.file());
        assertEquals("export PATH=\"$HOME/.local/bin:$PATH\"", zsh.line(bin));
        assertTrue(LinkCommand.ShellProfile.of("/bin/bash", home).file().startsWith("~/.bashrc"));
        LinkCommand.ShellProfile fish = LinkCommand.ShellProfile.of("/usr/bin/fish", home);
        assertEquals("~/.config/fish/config.fish", fish.file());
        assertEquals("fish_add_path ~/.local/bin", fish.line(bin));
        LinkCommand.ShellProfile other = LinkCommand.ShellProfile.of("", home);
        assertEquals("~/.profile", other.file());
        assertEquals("export PATH=\"/opt/tools:$PATH\"", other.line(Path.of("/opt/tools")));
    }
}
