package dev.bgagents.orchestration.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The project's own build-and-test command, found from its build files, for the task files' last step. */
public final class VerifyCommand {
    private VerifyCommand() {
    }

    /** The same command as an argument vector (the detected commands hold no quoting). */
    public static Optional<java.util.List<String>> argv(Path dir) {
        return of(dir).map(c -> java.util.List.of(c.split(" ")));
    }

    public static Optional<String> of(Path dir) {
        if (Files.isRegularFile(dir.resolve("pom.xml"))) {
            return Optional.of(Files.isRegularFile(dir.resolve("mvnw")) ? "./mvnw -q verify" : "mvn -q verify");
        }
        if (Files.isRegularFile(dir.resolve("build.gradle")) || Files.isRegularFile(dir.resolve("build.gradle.kts"))) {
            return Optional.of(Files.isRegularFile(dir.resolve("gradlew")) ? "./gradlew build" : "gradle build");
        }
        if (Files.isRegularFile(dir.resolve("package.json")) && read(dir.resolve("package.json")).contains("\"test\"")) {
            if (Files.isRegularFile(dir.resolve("pnpm-lock.yaml"))) {
                return Optional.of("pnpm test");
            }
            return Optional.of(Files.isRegularFile(dir.resolve("yarn.lock")) ? "yarn test" : "npm test");
        }
        if (Files.isRegularFile(dir.resolve("Cargo.toml"))) {
            return Optional.of("cargo test");
        }
        if (Files.isRegularFile(dir.resolve("go.mod"))) {
            return Optional.of("go test ./...");
        }
        if (Files.isRegularFile(dir.resolve("pyproject.toml")) || Files.isRegularFile(dir.resolve("pytest.ini"))
                || Files.isDirectory(dir.resolve("tests"))) {
            return Optional.of("python -m pytest -q");
        }
        if (Files.isRegularFile(dir.resolve("Makefile")) && read(dir.resolve("Makefile")).matches("(?ms).*^test:.*")) {
            return Optional.of("make test");
        }
        return Optional.empty();
    }

    private static String read(Path f) {
        try {
            return Files.size(f) > 1_000_000 ? "" : Files.readString(f);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
