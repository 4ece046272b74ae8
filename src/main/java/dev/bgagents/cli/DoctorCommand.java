package dev.bgagents.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code doctor}: which agent CLIs can run here. */
@Command(name = "doctor",
        description = "Which agent CLIs are installed, their versions, and what each is missing.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:at least one provider can run here, and the server has what it needs (git, "
                + "process control)", "1:nothing can run here: no provider can, a tool the server needs is "
                + "missing, or bg-agents.json is broken", "2:a usage error"})
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    OneProject scope;

    @Override
    public Integer call() throws Exception {
        return Doctor.run(scope.single(), Terminal.detect());
    }
}
