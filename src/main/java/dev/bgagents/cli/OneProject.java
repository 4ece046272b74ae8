package dev.bgagents.cli;

import dev.bgagents.project.ProjectDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project a command works on: the current directory's, or the one {@code --project} names. */
class OneProject {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--project", paramLabel = "DIR", description = "another project than the current directory's")
    Path project;

    Path single() throws IOException {
        if (project != null && !Files.isDirectory(project)) {
            throw new ParameterException(spec.commandLine(), "--project " + project + ": no such directory");
        }
        return ProjectDir.root(project != null ? project.toAbsolutePath() : ProjectDir.startDir());
    }
}
