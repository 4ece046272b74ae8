package dev.bgagents.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bgagents.config.ConfigLoader.ConfigException;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * bg-agents.json "pr": where a job's work goes when it is delivered as a pull request.
 *
 * @param remote the git remote its branch is pushed to ({@code origin})
 * @param base   the branch pull requests are opened against; null: the branch the job started from
 * @param draft  open them as drafts (default true)
 * @param repo   the GitHub repository, {@code OWNER/REPO} or {@code HOST/OWNER/REPO}; null: read from the remote's URL
 */
public record PullRequestSettings(String remote, String base, boolean draft, String repo) {
    public static final PullRequestSettings DEFAULTS = new PullRequestSettings("origin", null, true, null);
    private static final Set<String> KEYS = Set.of("remote", "base", "draft", "repo");
    /** A remote or branch name git would take, never option-like. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._/-]{0,199}");
    private static final Pattern REPO = Pattern.compile("([A-Za-z0-9.-]+/)?[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    static PullRequestSettings read(Path file, JsonNode node) throws ConfigException {
        if (node == null) {
            return DEFAULTS;
        }
        if (!node.isObject()) {
            throw new ConfigException(file + ": \"pr\" must be an object of " + String.join(", ", KEYS.stream().sorted().toList()));
        }
        ConfigValues.unknownKeys(file, "pr", node, KEYS);
        return new PullRequestSettings(text(file, node, "remote", NAME, DEFAULTS.remote()),
                text(file, node, "base", NAME, null), ConfigValues.bool(file, node, "draft", true),
                text(file, node, "repo", REPO, null));
    }

    private static String text(Path file, JsonNode node, String key, Pattern shape, String fallback)
            throws ConfigException {
        JsonNode n = node.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.isTextual() || !shape.matcher(n.asText()).matches() || n.asText().contains("..")) {
            throw new ConfigException(file + ": pr." + key + " must be " + (shape == REPO ? "OWNER/REPO (or HOST/OWNER/REPO)"
                    : "a " + (key.equals("remote") ? "remote" : "branch") + " name (letters, digits, . _ / -)"));
        }
        return n.asText();
    }
}
