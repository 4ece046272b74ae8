package dev.bgagents.cli;

import dev.bgagents.project.KnownProjects;
import dev.bgagents.view.ProjectJobs;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.util.List;

/** Which projects a command looks at: the one it runs in, one named, or every one this user has used. */
final class Scope extends OneProject {
    @Option(names = "--all-projects", description = "every project this user has run jobs in")
    boolean allProjects;

    boolean many() {
        return allProjects;
    }

    List<ProjectJobs> projects() throws IOException {
        if (allProjects && project != null) {
            throw new ParameterException(spec.commandLine(), "--project and --all-projects: choose one");
        }
        if (!allProjects) {
            return List.of(new ProjectJobs(single()));
        }
        return KnownProjects.ofUser().list().stream().map(ProjectJobs::new).toList();
    }
}
