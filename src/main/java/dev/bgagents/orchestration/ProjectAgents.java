package dev.bgagents.orchestration;

import dev.bgagents.agents.AgentRequest;
import dev.bgagents.agents.Invocation;
import dev.bgagents.agents.Permissions;
import dev.bgagents.agents.StreamParser;
import dev.bgagents.config.Config;
import dev.bgagents.config.ProviderConfig;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.providers.Providers;
import dev.bgagents.runtime.AgentAdapters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The project's agent CLIs as the runtime sees them: parsers, the config's env, fix-round commands. */
final class ProjectAgents implements AgentAdapters {
    private final Providers providers;
    private final Config config;
    private final JobStore store;

    ProjectAgents(Providers providers, Config config, JobStore store) {
        this.providers = providers;
        this.config = config;
        this.store = store;
    }

    @Override
    public StreamParser parser(String provider) {
        return providers.cli(provider).orElseThrow(() -> new IllegalStateException("no adapter for " + provider))
                .newParser();
    }

    @Override
    public Map<String, String> configEnv(String provider) {
        ProviderConfig pc = config.provider(provider);
        return pc == null ? Map.of() : pc.env();
    }

    @Override
    public boolean relayed(String provider) {
        return providers.cli(provider).map(dev.bgagents.agents.AgentCli::relayed).orElse(false);
    }

    @Override
    public String cli(String provider) {
        // a provider configured with another command for a known CLI still speaks that CLI's stream
        return providers.cli(provider).map(c -> c instanceof dev.bgagents.agents.custom.CustomCli ? "custom" : c.name())
                .orElse(provider);
    }

    public Invocation fixRound(Job job, String sessionId, String prompt) {
        Providers.Resolved r;
        try {
            r = providers.resolve(job.spec().provider());
        } catch (Providers.UnavailableException e) {
            throw new IllegalStateException(e.getMessage());
        }
        boolean resume = r.cli().hasSessions() && sessionId != null;
        String text = resume ? prompt : task(job) + "\n\n---\n\n" + prompt;
        Permissions permissions = Permissions.fromWire(job.spec().run().permissions()).orElse(Permissions.WORKSPACE_WRITE);
        // told on stdin too: a fresh round of a CLI reading its prompt there is given its task again
        return r.cli().invocation(r.executable(), new AgentRequest(text, Path.of(job.spec().workdir()),
                job.spec().run().model(), permissions, resume ? sessionId : null, null, job.spec().run().untrustedWorkdir()))
                .telling(text);
    }

    private String task(Job job) {
        try {
            return Files.readString(store.files(job.id()).prompt(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the task of " + job.id(), e);
        }
    }
}
