package dev.bgagents.orchestration.bootstrap;

import dev.bgagents.config.WorktreeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which dependency folders a worktree could get and how each is made again; the include list's line; a venv made the worktree's. */
class BootstrapRulesTest {
    @TempDir
    Path dir;

    /** Makes {@code entries} in the checkout: a name ending in "/" is a folder, any other a file. */
    private Path checkout(String entries) throws Exception {
        Path main = Files.createDirectories(dir.resolve("main"));
        for (String e : entries.trim().split(" +")) {
            if (e.endsWith("/")) {
                Files.createDirectories(main.resolve(e));
            } else {
                Files.createDirectories(main.resolve(e).getParent());
                Files.writeString(main.resolve(e), "x\n");
            }
        }
        return main;
    }

    private static String shown(List<Dependency> deps) {
        return deps.stream().map(d -> d.folder() + " from " + Dependency.join(d.dir(), d.lockfile()) + ": "
                + d.install().stream().map(c -> String.join(" ", c)).collect(Collectors.joining("; ")))
                .collect(Collectors.joining(" | "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "node_modules/ package-lock.json | node_modules from package-lock.json: npm ci --no-audit --no-fund",
            "node_modules/ npm-shrinkwrap.json | node_modules from npm-shrinkwrap.json: npm ci --no-audit --no-fund",
            "node_modules/ pnpm-lock.yaml | node_modules from pnpm-lock.yaml: pnpm install --frozen-lockfile",
            "node_modules/ yarn.lock | node_modules from yarn.lock: yarn install --frozen-lockfile",
            "node_modules/ yarn.lock .yarnrc.yml | node_modules from yarn.lock: yarn install --immutable",
            "node_modules/ yarn.lock package-lock.json | node_modules from package-lock.json: npm ci --no-audit --no-fund",
            ".venv/ uv.lock | .venv from uv.lock: uv sync --frozen",
            ".venv/ requirements.txt requirements-dev.txt | .venv from requirements*.txt: python3 -m venv .venv; "
                    + ".venv/bin/python -m pip install --disable-pip-version-check -r requirements-dev.txt -r requirements.txt",
            "vendor/ go.sum | vendor from go.sum: go mod vendor",
            "vendor/bundle/ Gemfile.lock | vendor/bundle from Gemfile.lock: bundle install",
            "node_modules/ | ''",
            "package-lock.json | ''",
            "node_modules/ package-lock.json/ | ''",
    })
    void aFolderOfAKnownKindWithItsLockfileBesideItIsADependencyMadeByItsExactInstall(String entries, String expected)
            throws Exception {
        assertEquals(expected, shown(Dependency.of(checkout(entries), "", WorktreeSettings.NONE)));
    }

    @Test
    void theJobsSubfolderIsLookedAtAfterTheTopAndTheProjectsOwnWordReplacesWhatIsDetected() throws Exception {
        Path main = checkout("node_modules/ package-lock.json web/node_modules/ web/pnpm-lock.yaml .venv/ poetry.lock");
        assertEquals("node_modules from package-lock.json: npm ci --no-audit --no-fund"
                        + " | .venv from poetry.lock: poetry install --no-root"
                        + " | web/node_modules from web/pnpm-lock.yaml: pnpm install --frozen-lockfile",
                shown(Dependency.of(main, "web", WorktreeSettings.NONE)));
        WorktreeSettings mine = new WorktreeSettings(List.of(), List.of(
                new WorktreeSettings.Dependency("node_modules", "package-lock.json", List.of("npm", "install"), true),
                new WorktreeSettings.Dependency("web/node_modules", "web/pnpm-lock.yaml", List.of(), false)),
                List.of(), List.of(), 10, true);
        List<Dependency> deps = Dependency.of(main, "web", mine);
        assertEquals("node_modules from package-lock.json: npm install"
                        + " | web/node_modules from web/pnpm-lock.yaml: pnpm install --frozen-lockfile"
                        + " | .venv from poetry.lock: poetry install --no-root",
                shown(deps), "named first, its own install or the known one; detected ones after");
        assertTrue(deps.get(0).link(), "linked only when the project says so");
        assertFalse(deps.get(2).link());
        assertEquals(List.of("web/pnpm-lock.yaml"), deps.get(1).lockfilesIn(main));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            ".env | .env",
            ".env, config/local.json | .env, config/local.json",
            ".env, a, b | .env, a, b",
            ".env, a, b, c | .env, a and 2 more",
            ".env, a, b, c, d, e | .env, a and 4 more",
    })
    void theCopiedFilesAreNamedUpToThreeThenCounted(String files, String line) {
        assertEquals(line, Includes.shown(Arrays.asList(files.split(", "))));
    }

    @Test
    void aCopiedVenvsScriptsConfigAndEditableInstallsPointAtTheWorktreeAndNothingElseChanges() throws Exception {
        Path main = Files.createDirectories(dir.resolve("proj"));
        Path tree = Files.createDirectories(dir.resolve("wt/proj-job"));
        Path venv = Files.createDirectories(tree.resolve(".venv"));
        Path bin = Files.createDirectories(venv.resolve("bin"));
        Path site = Files.createDirectories(venv.resolve("lib/python3.11/site-packages"));
        String m = main.toString();
        Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\ncommand = /usr/bin/python3 -m venv " + m + "/.venv\n");
        Files.writeString(bin.resolve("pytest"), "#!" + m + "/.venv/bin/python\nimport pytest\n");
        Files.writeString(bin.resolve("activate"), "VIRTUAL_ENV='" + m + "/.venv'\nexport VIRTUAL_ENV\n");
        Files.writeString(site.resolve("__editable__.proj-0.1.pth"), m + "/src\n");
        Files.writeString(site.resolve("other.pth"), m + "-old/src\n"); // a longer name: another folder
        Files.writeString(site.resolve("module.py"), m + "/src\n"); // not a .pth nor a finder: left alone
        byte[] binary = ("\0ELF " + m + "/.venv").getBytes(StandardCharsets.UTF_8);
        Files.write(bin.resolve("python3"), binary);

        assertTrue(VenvRelocation.isVenv(venv));
        assertEquals(4, VenvRelocation.relocate(venv, main, tree));
        String t = tree.toString();
        assertEquals("#!" + t + "/.venv/bin/python\nimport pytest\n", Files.readString(bin.resolve("pytest")));
        assertEquals("VIRTUAL_ENV='" + t + "/.venv'\nexport VIRTUAL_ENV\n", Files.readString(bin.resolve("activate")));
        assertTrue(Files.readString(venv.resolve("pyvenv.cfg")).endsWith("-m venv " + t + "/.venv\n"));
        assertEquals(t + "/src\n", Files.readString(site.resolve("__editable__.proj-0.1.pth")));
        assertEquals(m + "-old/src\n", Files.readString(site.resolve("other.pth")));
        assertEquals(m + "/src\n", Files.readString(site.resolve("module.py")));
        assertArrayEquals(binary, Files.readAllBytes(bin.resolve("python3")), "a binary is never rewritten");
        assertEquals(0, VenvRelocation.relocate(venv, main, tree), "once is enough: nothing left to change");
        assertFalse(VenvRelocation.isVenv(bin));
    }
}
