package dev.bgagents.bench;

import dev.bgagents.it.mock.AnthropicMock;
import dev.bgagents.it.mock.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mock Anthropic API on its own, for measuring the real claude by hand (docs/agent-channels.md): prints its
 * base URL, then appends every request body it gets to {@code args[0]}, one JSON a line, until killed.
 * {@code args[1..]}: {@code text <t>} or {@code run <command> <final text>}.
 */
public final class MockAnthropicServe {
    private MockAnthropicServe() {
    }

    public static void main(String[] args) throws Exception {
        Path log = Path.of(args[0]);
        try (AnthropicMock mock = new AnthropicMock()) {
            mock.scenario(args[1].equals("run") ? new Scenario.RunCommand(args[2], args[3]) : new Scenario.Text(args[2]));
            System.out.println(mock.baseUrl());
            System.out.flush();
            int seen = 0;
            while (true) {
                var rs = mock.requests();
                for (; seen < rs.size(); seen++) {
                    Files.writeString(log, rs.get(seen) + "\n", java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.APPEND);
                }
                Thread.sleep(50);
            }
        }
    }
}
