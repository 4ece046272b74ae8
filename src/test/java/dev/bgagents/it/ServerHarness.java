package dev.bgagents.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project in a temp git repository with bg-agents.json pointing the claude provider at the
 * stand-in script, and the packaged server started on it over stdio with the SDK's client —
 * exactly as a host starts it. Every process the server or its jobs start inherits a unique
 * token in its environment, so a test can find any survivor in /proc.
 */
public final class ServerHarness implements AutoCloseable {
    public static final Path JAR = Path.of(System.getProperty("bgagents.jar", "target/bg-agents.jar")).toAbsolutePath();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    public static final Path STANDIN = Path.of("src/test/resources/standins/claude-standin.sh").toAbsolutePath();

    public final Path project;
    public final String token = UUID.randomUUID().toString();
    public final List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());
    public final List<McpSchema.LoggingMessageNotification> logs = Collections.synchronizedList(new ArrayList<>());
    public final List<McpSchema.ResourceContents> updates = Collections.synchronizedList(new ArrayList<>());
    private final List<String> claudeCommand;
    private final Map<String, String> env;
    /** The server's XDG_STATE_HOME: where the job worktrees go; removed when the test's first server closes. */
    public final Path stateHome;
    private final boolean ownsStateHome;
    private McpSyncClient client;
    private String extraConfig = "";
    private String extraProviders = "";
    private String claudeExtra = "";
    private List<String> jvmOptions = List.of();
    private java.util.function.Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation;

    public ServerHarness(Path project, String extraConfig) throws IOException, InterruptedException {
        this(project, extraConfig, List.of("bash", STANDIN.toString()), Map.of());
    }

    /** A project whose claude provider runs {@code claudeCommand}, the server having {@code env} too. */
    public ServerHarness(Path project, String extraConfig, List<String> claudeCommand, Map<String, String> env)
            throws IOException, InterruptedException {
        this.project = project;
        this.claudeCommand = claudeCommand;
        this.env = env;
        this.stateHome = Files.createTempDirectory("bg-it-state-");
        this.ownsStateHome = true;
        git("init", "-q", "-b", "main");
        Files.writeString(project.resolve("README.md"), "# test project\n");
        git("add", "README.md");
        git("-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-q", "-m", "init");
        writeConfig(extraConfig);
    }

    private ServerHarness(ServerHarness same) {
        this.project = same.project;
        this.claudeCommand = same.claudeCommand;
        this.env = same.env;
        this.extraConfig = same.extraConfig;
        this.extraProviders = same.extraProviders;
        this.claudeExtra = same.claudeExtra;
        this.jvmOptions = same.jvmOptions;
        this.stateHome = same.stateHome;
        this.ownsStateHome = false;
    }

    /**
     * Servers started from now on get the heap cap bin/bg-agents gives them (-Xmx256m): the tests
     * otherwise run the JVM's default, a quarter of the machine's memory, and cannot see what
     * would run out of memory where users run it.
     */
    public ServerHarness withLauncherHeap() {
        jvmOptions = List.of("-Xmx256m");
        return this;
    }

    /**
     * A second server on the same project, as a second host session in the same repository
     * starts one; it has a token of its own, so its processes are told apart.
     */
    public ServerHarness twin() {
        return new ServerHarness(this);
    }

    /** The client declares elicitation at initialize and answers each with {@code answer}. */
    public ServerHarness withElicitation(java.util.function.Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> answer) {
        this.elicitation = answer;
        return this;
    }

    /** Rewrites the config with more providers (name → settings as in bg-agents.json). */
    public ServerHarness withProviders(Map<String, Object> providers) throws IOException {
        String json = JSON.writeValueAsString(providers);
        extraProviders = json.substring(1, json.length() - 1) + ",";
        writeConfig(extraConfig);
        return this;
    }

    /** Rewrites the config with more settings of the claude provider (key → value as in bg-agents.json). */
    public ServerHarness withClaudeSettings(Map<String, Object> settings) throws IOException {
        String json = JSON.writeValueAsString(settings);
        claudeExtra = "," + json.substring(1, json.length() - 1);
        writeConfig(extraConfig);
        return this;
    }

    public void writeConfig(String extraConfig) throws IOException {
        this.extraConfig = extraConfig;
        Files.writeString(project.resolve(".git").resolve("bg-agents.json"), "{\"kill_grace_seconds\": 1,"
                + (extraConfig.isEmpty() ? "" : extraConfig + ",")
                + "\"providers\": {" + extraProviders + "\"claude\": {\"command\": " + JSON.writeValueAsString(claudeCommand) + claudeExtra + "},"
                + "\"nosuchcli\": {\"command\": \"no-such-cli-3e1f\", \"output\": \"text\"},"
                + "\"nosession\": {\"command\": [\"bash\", \"-c\", \"exit 4\"], \"args\": [\"--resume={session}\"], \"output\": \"jsonl\"}}}");
    }

    public ServerHarness start() {
        assertTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java)
                .args(serverArgs())
                .env(serverEnv())
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, McpJsonDefaults.getMapper());
        transport.setStdErrorHandler(line -> { });
        McpClient.SyncSpec spec = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(90))
                .progressConsumer(progress::add)
                .loggingConsumer(logs::add)
                .resourcesUpdateConsumer(updates::addAll);
        if (elicitation != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(elicitation);
        }
        client = spec.build();
        client.initialize();
        return this;
    }

    /** The same server, driven line by line over stdio instead of by the SDK's client. */
    public RawMcpClient startRaw() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "package the jar first: " + JAR);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(serverArgs());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(serverEnv());
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        return new RawMcpClient(pb.start());
    }

    private List<String> serverArgs() {
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(List.of("-Dbgagents.test=" + token, "-jar", JAR.toString()));
        return args;
    }

    private Map<String, String> serverEnv() {
        Map<String, String> all = new java.util.HashMap<>(env);
        // the user's state (job worktrees, the known projects) in a place of this test's, not the real home
        all.putIfAbsent("XDG_STATE_HOME", stateHome.toString());
        // the JVM these tests start, not a child with the launcher's flags (JvmFlags; JvmFlagsIT tests that)
        all.putIfAbsent("BG_AGENTS_JVM", "as-started");
        all.put("BG_AGENTS_PROJECT", project.toString());
        all.put("BG_AGENTS_CONFIG", project.resolve(".git").resolve("bg-agents.json").toString());
        all.put("BG_TEST_TOKEN", token);
        return all;
    }

    public McpSyncClient client() {
        return client;
    }

    public McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    public McpSchema.CallToolResult callWithProgress(String tool, Map<String, Object> args, String progressToken) {
        return client.callTool(McpSchema.CallToolRequest.builder().name(tool).arguments(args)
                .progressToken(progressToken).build());
    }

    public static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> structured(McpSchema.CallToolResult r) {
        assertNotNull(r.structuredContent(), "no structuredContent in: " + text(r));
        return (Map<String, Object>) r.structuredContent();
    }

    /**
     * Spawns a job and returns its id. Tests of processes and agents run in place unless they
     * ask for a worktree; the worktree tests pass {@code worktree: true}.
     */
    public String spawn(String prompt, Map<String, Object> more) {
        Map<String, Object> args = new java.util.HashMap<>(more);
        args.put("prompt", prompt);
        args.putIfAbsent("worktree", false);
        McpSchema.CallToolResult r = call("spawn_agent", args);
        assertTrue(!Boolean.TRUE.equals(r.isError()), "spawn failed: " + text(r));
        return (String) structured(r).get("job_id");
    }

    /** Waits (repeating the bounded wait if needed) until the job ends; returns its status entry. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> awaitEnd(String jobId) {
        for (int i = 0; i < 10; i++) {
            var r = call("job_status", Map.of("job_ids", List.of(jobId), "wait", "all"));
            Map<String, Object> job = ((List<Map<String, Object>>) structured(r).get("jobs")).get(0);
            if (!List.of("queued", "running", "waiting").contains(job.get("status"))) {
                return job;
            }
        }
        throw new AssertionError(jobId + " did not end");
    }

    /** The job's worktree, as its record says: outside the project, under this test's state home. */
    public Path worktree(String jobId) {
        try {
            return Path.of(JSON.readTree(jobDir(jobId).resolve("job.json").toFile()).get("workspace").get("path")
                    .asText());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where this project's worktrees go: the folder of the project under the state home. */
    public Path worktreesHome() {
        return dev.bgagents.project.WorktreeHome.of(project, null, new dev.bgagents.project.UserDirs(
                Map.of("XDG_STATE_HOME", stateHome.toString()), false)).dir();
    }

    public Path jobDir(String jobId) {
        return project.resolve(".context").resolve("jobs").resolve(jobId);
    }

    /** Alive and not a zombie (a zombie is dead; only its parent has not collected it yet). */
    public static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /** The server's own pid, found by the token on its command line. */
    public long serverPid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dbgagents.test=" + token))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
    }

    /** Live processes (not zombies) other than the server whose environment carries this test's token. */
    public List<Long> survivors() {
        long server = serverPidOrMinus1();
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String name = d.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == server) {
                    continue;
                }
                try {
                    String stat = Files.readString(d.resolve("stat"));
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    byte[] env = Files.readAllBytes(d.resolve("environ"));
                    if (state != 'Z' && new String(env).contains("BG_TEST_TOKEN=" + token)) {
                        found.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private long serverPidOrMinus1() {
        try {
            return serverPid();
        } catch (RuntimeException none) {
            return -1;
        }
    }

    /** kill -9 of the server: no shutdown hook, no chance to clean anything up. */
    public void killServerHard() throws InterruptedException {
        long pid = serverPid();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        try {
            client.close();
        } catch (RuntimeException ignored) {
            // the transport notices its server is gone
        }
        client = null;
    }

    public String git(String... args) throws IOException, InterruptedException {
        return runGit(project, args);
    }

    public static String runGit(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        if (client != null) {
            try {
                client.closeGracefully();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        // a server that leaves with jobs would hand them to a runner (RunnerIT tests that): here the
        // test is over, so its servers go at once, before their exit could start one
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("-Dbgagents.test=" + token))
                .forEach(ProcessHandle::destroyForcibly);
        // leave nothing behind even when a test failed half-way
        for (long pid : survivors()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        if (ownsStateHome) {
            try (var walk = Files.walk(stateHome)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | RuntimeException ignored) {
                // a temp directory: the system's cleaning gets what is left
            }
        }
    }
}
