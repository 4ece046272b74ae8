package dev.bgagents.project;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Which paths tool arguments may name, on a real tree with links pointing in and out. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfinementTest {
    private Path project;
    private Path outside;
    private Path shared;
    private Confinement confinement;

    @BeforeAll
    void tree() throws Exception {
        Path root = Files.createTempDirectory("bg-confine").toRealPath();
        project = Files.createDirectories(root.resolve("proj"));
        outside = Files.createDirectories(root.resolve("outside"));
        shared = Files.createDirectories(root.resolve("shared"));
        Files.createDirectories(project.resolve("src/app"));
        Files.writeString(project.resolve("task.md"), "do it");
        Files.writeString(outside.resolve("secret.md"), "secret");
        Files.writeString(shared.resolve("plan.md"), "plan");
        Files.createSymbolicLink(project.resolve("link-out"), outside);
        Files.createSymbolicLink(project.resolve("link-secret.md"), outside.resolve("secret.md"));
        Files.createSymbolicLink(project.resolve("link-in"), project.resolve("src"));
        confinement = new Confinement(project, List.of(shared));
    }

    static Stream<Arguments> directories() {
        return Stream.of(
                Arguments.of("/etc", false), Arguments.of("/", false), Arguments.of("..", false),
                Arguments.of("../outside", false), Arguments.of("link-out", false), Arguments.of("src/../../outside", false),
                Arguments.of("../no-such", false), Arguments.of("/no/such/dir", false),
                Arguments.of(".", true), Arguments.of("src/app", true), Arguments.of("link-in/app", true),
                Arguments.of("../shared", true));
    }

    @ParameterizedTest(name = "workdir {0}: allowed={1}")
    @MethodSource("directories")
    void directories(String value, boolean allowed) throws Exception {
        if (allowed) {
            Path p = confinement.directory("workdir", value, project);
            assertTrue(p.startsWith(project) || p.startsWith(shared), p.toString());
        } else {
            Confinement.Refused e = assertThrows(Confinement.Refused.class,
                    () -> confinement.directory("workdir", value, project));
            assertTrue(e.getMessage().startsWith("workdir \"" + value + "\" is outside the project " + project),
                    e.getMessage());
            assertTrue(e.getMessage().contains("allowed_roots " + shared), "names the roots: " + e.getMessage());
        }
    }

    static Stream<Arguments> files() {
        return Stream.of(
                Arguments.of("/etc/passwd", false), Arguments.of("/proc/self/environ", false),
                Arguments.of("../outside/secret.md", false), Arguments.of("link-secret.md", false),
                Arguments.of("link-out/secret.md", false), Arguments.of("task.md", true),
                Arguments.of("../shared/plan.md", true));
    }

    @ParameterizedTest(name = "task_file {0}: allowed={1}")
    @MethodSource("files")
    void files(String value, boolean allowed) throws Exception {
        if (allowed) {
            assertTrue(Files.isRegularFile(confinement.file("task_file", value, project)));
        } else {
            Confinement.Refused e = assertThrows(Confinement.Refused.class,
                    () -> confinement.file("task_file", value, project));
            assertTrue(e.getMessage().contains("is outside the project"), e.getMessage());
        }
    }

    static Stream<Arguments> declared() {
        return Stream.of(
                Arguments.of("../outside/x.py", false), Arguments.of("/etc/x", false), Arguments.of("../../x", false),
                Arguments.of("link-out/new.py", false), Arguments.of("link-out", false),
                Arguments.of("src/new/deep/file.py", true), Arguments.of("new.py", true),
                Arguments.of("link-in/new.py", true), Arguments.of(".", true));
    }

    @ParameterizedTest(name = "files {0}: allowed={1}")
    @MethodSource("declared")
    void pathsATaskDeclaresNeedNotExistYet(String value, boolean allowed) throws Exception {
        if (allowed) {
            confinement.declared("files", value, project);
        } else {
            assertThrows(Confinement.Refused.class, () -> confinement.declared("files", value, project));
        }
    }

    @Test
    void whatIsOutsideIsNeverToldApartFromWhatIsMissing() {
        String there = assertThrows(Confinement.Refused.class,
                () -> confinement.file("task_file", "../outside/secret.md", project)).getMessage();
        String missing = assertThrows(Confinement.Refused.class,
                () -> confinement.file("task_file", "../outside/nothing.md", project)).getMessage();
        assertEquals(there.replace("secret", "X"), missing.replace("nothing", "X"));
        // inside the project, a missing file is said to be missing
        assertTrue(assertThrows(Confinement.Refused.class, () -> confinement.file("task_file", "nope.md", project))
                .getMessage().contains("is not a file under"));
        assertTrue(assertThrows(Confinement.Refused.class, () -> confinement.directory("workdir", "nope", project))
                .getMessage().contains("does not exist"));
    }

    @Test
    void unusableValuesAreRefusedInOneLine() {
        for (String bad : List.of("a\u0000b", "\u0000")) {
            String m = assertThrows(Confinement.Refused.class, () -> confinement.directory("workdir", bad, project))
                    .getMessage();
            assertFalse(m.contains("\n") || m.contains("\u0000"), m);
        }
    }
}
