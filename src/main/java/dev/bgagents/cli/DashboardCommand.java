package dev.bgagents.cli;

import dev.bgagents.dashboard.Dashboard;
import dev.bgagents.view.ProjectJobs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code dashboard}: the jobs live in a browser, on this machine only. */
@Command(name = "dashboard",
        description = "Serve a live, read-only page of the jobs on 127.0.0.1 (Ctrl-C to stop).")
final class DashboardCommand implements Callable<Integer> {
    @Mixin
    Scope scope;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "port on 127.0.0.1 (default: any free one)")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new picocli.CommandLine.ParameterException(scope.spec.commandLine(), "--port: 0 to 65535");
        }
        List<ProjectJobs> projects = scope.projects();
        Dashboard dashboard = Dashboard.start(projects, port);
        Runtime.getRuntime().addShutdownHook(new Thread(dashboard::close));
        System.out.println("bg-agents dashboard: " + dashboard.url());
        System.out.println("(for you only: the address holds its key; Ctrl-C to stop)");
        List<String> watched = projects.stream().map(p -> p.project().toString()).toList();
        System.out.println("watching " + (watched.size() == 1 ? watched.get(0)
                : watched.size() + " projects" + (watched.isEmpty() ? "" : ": " + String.join(", ", watched)))
                + " (another: --project DIR, or --all-projects)");
        System.out.flush();
        new CountDownLatch(1).await();
        return 0;
    }
}
