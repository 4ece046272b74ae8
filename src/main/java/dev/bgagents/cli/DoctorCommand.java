package dev.bgagents.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code doctor}: which agent CLIs can run here. */
@Command(name = "doctor",
        description = "Which agent CLIs are installed, their versions, and what each is missing.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    OneProject scope;

    @Override
    public Integer call() throws Exception {
        return Doctor.run(scope.single(), Terminal.detect());
    }
}
