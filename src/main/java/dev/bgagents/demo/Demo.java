package dev.bgagents.demo;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import org.eclipse.jgit.api.Git;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code demo}: the whole host flow against the real server, with no API key. It makes a
 * scratch git repository, points the claude provider at the {@link StandInAgent} shipped in
 * this jar, starts {@code java -jar bg-agents.jar} over stdio with the SDK's client, and prints
 * what a host would see: spawn → wait → summary → merge.
 */
public final class Demo {
    private Demo() {
    }

    public static int run(boolean keep) throws Exception {
        Path jar = Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            System.err.println("demo: run it from the packaged jar (java -jar target/bg-agents.jar demo)");
            return 2;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path repo = Files.createTempDirectory("bg-agents-demo-");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("README.md"), "# scratch project\n");
            Files.writeString(repo.resolve("app.py"), "print('hello')\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("scratch project").setAuthor("demo", "demo@example.invalid")
                    .setCommitter("demo", "demo@example.invalid").setSign(false).call();
        }
        // the demo shows the flow wherever it runs: with no sandbox here its agent runs unconfined, and says so
        java.util.Optional<String> noSandbox = dev.bgagents.sandbox.Sandbox.forThisSystem().unavailable();
        Files.writeString(repo.resolve("bg-agents.json"), "{" + (noSandbox.isPresent() ? "\"sandbox\":\"off\"," : "")
                + "\"providers\":{\"claude\":{\"command\":["
                + StandInAgent.q(java) + ",\"-cp\"," + StandInAgent.q(jar.toString())
                + ",\"dev.bgagents.demo.StandInAgent\"]}}}\n", StandardCharsets.UTF_8);
        noSandbox.ifPresent(why -> System.out.println("No sandbox here (" + why + "): the demo's agent runs unconfined; "
                + "your own jobs would be refused until you install bubblewrap or set \"sandbox\": \"off\"."));
        System.out.println("Scratch repository: " + repo + (keep ? " (kept afterwards)" : " (removed afterwards; --keep keeps it)"));
        System.out.println("Provider claude -> stand-in agent (no API key). Server: java -jar " + jar + "\n");

        ServerParameters params = ServerParameters.builder(java).args("-jar", jar.toString())
                .env(Map.of("BG_AGENTS_PROJECT", repo.toString())).build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(70)).build()) {
            client.initialize();
            System.out.println("tools: " + client.listTools().tools().stream().map(McpSchema.Tool::name).toList() + "\n");
            McpSchema.CallToolResult spawned = call(client, "spawn_agent",
                    Map.of("prompt", "Write NOTES.md describing the files in this repository."));
            String jobId = (String) ((Map<?, ?>) spawned.structuredContent()).get("job_id");
            call(client, "job_status", Map.of("job_ids", List.of(jobId), "wait", "any"));
            call(client, "read_summary", Map.of("job_id", jobId));
            call(client, "merge_worktree", Map.of("job_id", jobId, "dry_run", true));
            call(client, "merge_worktree", Map.of("job_id", jobId));
            System.out.println("NOTES.md in the scratch repository after the merge:\n"
                    + Files.readString(repo.resolve("NOTES.md")));
            client.closeGracefully();
        } finally {
            if (!keep) {
                dev.bgagents.project.StateFiles.deleteTree(repo);
            }
        }
        return 0;
    }


    private static McpSchema.CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        long t0 = System.nanoTime();
        McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest(tool, args));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String text = ((McpSchema.TextContent) r.content().get(0)).text();
        System.out.println("host -> " + tool + " " + args);
        System.out.println("<- (" + text.length() + " chars, " + ms + " ms)" + (Boolean.TRUE.equals(r.isError()) ? " ERROR" : ""));
        System.out.println(text.indent(3));
        return r;
    }
}
