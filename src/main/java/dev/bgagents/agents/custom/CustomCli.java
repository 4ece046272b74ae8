package dev.bgagents.agents.custom;

import dev.bgagents.agents.AgentCli;
import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.ProviderConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CLI the user declares in bg-agents.json. {@code args} may contain {@code {prompt}},
 * {@code {model}}, {@code {workdir}} and {@code {session}}; without {@code {prompt}} the prompt goes on stdin.
 * An argument holding {@code {session}} is given only to a run that resumes a session (write a flag and
 * its value as one, {@code --resume={session}}); a program whose arguments never name it has no
 * sessions bg-agents can resume, so a later round is given its task again with the new message.
 * Output {@code text}: the final message is the end of stdout. Output {@code jsonl}: common
 * field names are recognised ({@code session_id}/{@code sessionId}/{@code thread_id};
 * {@code result}/{@code text}/{@code message}/{@code content} for the final message;
 * {@code is_error:true} or {@code type:"error"} for errors). Success is exit code 0 with no error.
 *
 * <p>A request's {@code untrustedWorkdir} (a reviewer in another agent's worktree) cannot be passed
 * on: bg-agents does not know which files such a program reads from its working directory, nor
 * which flag would stop it. Its own {@code args} in bg-agents.json must say so, if it has one.
 */
public final class CustomCli implements AgentCli {
    private static final java.util.regex.Pattern PLACEHOLDER =
            java.util.regex.Pattern.compile("\\{(prompt|model|workdir|session)\\}");

    private final String name;
    private final ProviderConfig config;

    public CustomCli(String name, ProviderConfig config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String installHint() {
        return "install " + config.command().get(0) + " or fix providers." + name + ".command in bg-agents.json";
    }

    @Override
    public Invocation invocation(List<String> executable, AgentRequest request) {
        List<String> argv = new ArrayList<>(executable);
        boolean promptInArgs = false;
        for (String arg : config.args()) {
            if (arg.contains("{session}") && request.resumeSessionId() == null) {
                continue;
            }
            promptInArgs |= arg.contains("{prompt}");
            // one pass, so placeholder names inside the prompt (or model, workdir) stay as written
            argv.add(PLACEHOLDER.matcher(arg).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                    switch (m.group(1)) {
                        case "prompt" -> request.prompt();
                        case "model" -> request.model() == null ? "" : request.model();
                        case "session" -> request.resumeSessionId();
                        default -> request.workdir().toString();
                    })));
        }
        return new Invocation(argv, Map.of(), List.of(), !promptInArgs);
    }

    @Override
    public boolean hasSessions() {
        // a session id read from its output is of no use unless the arguments can hand it back
        return "jsonl".equals(config.output()) && config.args().stream().anyMatch(a -> a.contains("{session}"));
    }

    @Override
    public StreamParser newParser() {
        return "jsonl".equals(config.output()) ? new JsonlOutputParser() : new TextOutputParser();
    }
}
