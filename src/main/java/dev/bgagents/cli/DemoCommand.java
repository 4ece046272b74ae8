package dev.bgagents.cli;

import dev.bgagents.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code demo}: the whole flow on a scratch repository, no API key needed. */
@Command(name = "demo",
        description = "spawn -> wait -> summary -> merge on a scratch repository with a stand-in agent.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the scratch repository afterwards")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        return Demo.run(keep);
    }
}
