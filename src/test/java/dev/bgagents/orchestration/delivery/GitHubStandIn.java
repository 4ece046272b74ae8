package dev.bgagents.orchestration.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in of GitHub's API on 127.0.0.1 for the real gh: gh treats the host {@code github.localhost}
 * as a development instance at {@code http://api.github.localhost/}, and reaches it through this server
 * as its HTTP proxy ({@link #ghEnv}). It answers what {@code gh pr create} asks (the repository, an open
 * pull request of the branch, the creation) and records every request, so a test reads the title, body,
 * base, head and draft that gh sent.
 */
public final class GitHubStandIn implements AutoCloseable {
    public static final String OWNER = "own";
    public static final String REPO = "rep";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OPERATION = Pattern.compile("(?:query|mutation)\\s+(\\w+)");

    /** One GraphQL request gh made: its operation name and variables (a REST request: its method and path). */
    public record Call(String operation, JsonNode variables) {
    }

    private final HttpServer server;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private int pulls;
    /** Open pull requests by head branch: gh asks for one before it creates another. */
    private final Map<String, String> open = new java.util.HashMap<>();

    public GitHubStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Whether gh is installed here; the tests that need it skip, saying so, only when it is not. */
    public static boolean ghInstalled() {
        return new GitHubCli(System.getenv()).find().isPresent();
    }

    /** The environment gh needs to reach this stand-in, with its config and home in {@code dir}. */
    public Map<String, String> ghEnv(Path dir) throws IOException {
        Path config = Files.createDirectories(dir.resolve("gh-config"));
        return Map.of("GH_HOST", "github.localhost", "GH_TOKEN", "gh-test-token", "GH_CONFIG_DIR", config.toString(),
                "HTTP_PROXY", "http://127.0.0.1:" + server.getAddress().getPort(), "NO_PROXY", "");
    }

    /** The server's environment for a test: this one's PATH and HOME, plus {@link #ghEnv}. */
    public Map<String, String> serverEnv(Path dir) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(ghEnv(dir));
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", dir.toString());
        return env;
    }

    /** The pull requests gh created, each as the variables of its PullRequestCreate mutation ({@code input}). */
    public List<JsonNode> created() {
        synchronized (calls) {
            return calls.stream().filter(c -> c.operation().equals("PullRequestCreate"))
                    .map(c -> c.variables().path("input")).toList();
        }
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String answer;
        if (ex.getRequestURI().getPath().endsWith("/graphql")) {
            JsonNode request = JSON.readTree(body);
            Matcher m = OPERATION.matcher(request.path("query").asText());
            String op = m.find() ? m.group(1) : "?";
            calls.add(new Call(op, request.path("variables")));
            answer = graphql(op, request.path("variables"));
        } else {
            calls.add(new Call(ex.getRequestMethod() + " " + ex.getRequestURI().getPath(), JSON.createObjectNode()));
            answer = "{}";
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    private synchronized String graphql(String op, JsonNode variables) {
        ObjectNode data = JSON.createObjectNode();
        switch (op) {
            case "RepositoryInfo" -> {
                ObjectNode repo = data.putObject("repository");
                repo.put("id", "R_1").put("name", REPO).put("hasIssuesEnabled", true).put("description", "")
                        .put("hasWikiEnabled", false).put("viewerPermission", "WRITE").put("mergeCommitAllowed", true)
                        .put("rebaseMergeAllowed", true).put("squashMergeAllowed", true).putNull("parent");
                repo.putObject("owner").put("login", OWNER);
                repo.putObject("defaultBranchRef").put("name", "main");
            }
            case "PullRequestForBranch" -> {
                var nodes = data.putObject("repository").putObject("pullRequests").putArray("nodes");
                String head = variables.path("headRefName").asText();
                if (open.containsKey(head)) {
                    ObjectNode pr = nodes.addObject().put("number", 1).put("url", open.get(head)).put("state", "OPEN")
                            .put("headRefName", head).put("baseRefName", "main").put("isCrossRepository", false);
                    pr.putObject("headRepositoryOwner").put("login", OWNER);
                }
            }
            case "PullRequestCreate" -> {
                pulls++;
                String url = "https://github.localhost/" + OWNER + "/" + REPO + "/pull/" + pulls;
                open.put(variables.path("input").path("headRefName").asText(), url);
                data.putObject("createPullRequest").putObject("pullRequest").put("id", "PR_" + pulls).put("url", url);
            }
            default -> {
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("data", data);
        return root.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
