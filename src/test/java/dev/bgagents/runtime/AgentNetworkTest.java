package dev.bgagents.runtime;

import dev.bgagents.config.NetworkAllowList;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.project.JobDir;
import dev.bgagents.sandbox.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A provider's network allow-list as its jobs' agents are started: in the sandbox without network, or refused. */
class AgentNetworkTest {
    private static final List<String> ARGV = List.of("claude", "-p");
    private static final Map<String, NetworkAllowList> LISTS = Map.of("claude",
            NetworkAllowList.of(List.of("api.anthropic.com")));

    /** A sandbox that confines (as macOS's would) but has no network namespace to give. */
    private static final class Recording implements Sandbox {
        final List<Rules> asked = new ArrayList<>();
        private final String name;

        Recording(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> unavailable() {
            return Optional.empty();
        }

        @Override
        public List<String> wrap(List<String> argv, Rules rules) {
            asked.add(rules);
            List<String> cmd = new ArrayList<>(List.of(name, "--"));
            cmd.addAll(argv);
            return cmd;
        }
    }

    @Test
    void aSocketUnderTmpItsEnvironmentNamesIsNotBoundBackIn(@TempDir Path dir) throws Exception {
        Recording bwrap = new Recording("bubblewrap");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.bgagents.sandbox.network.NetworkGate.unavailable(bwrap).isEmpty(), "no socat here");
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.startsWith("/tmp"), "the temporary directory is /tmp's");
        Path work = java.nio.file.Files.createDirectories(dir.resolve("work"));
        Path socket = dir.resolve("agent.sock");
        Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
        try (var listening = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            listening.bind(java.net.UnixDomainSocketAddress.of(socket));
            JobDir files = new JobDir(dir.resolve(".context/jobs/claude-0000a1"));
            new AgentConfinement(bwrap, false, LISTS).argv(job(work, "workspace-write"), files, ARGV,
                    Map.of("SSH_AUTH_SOCK", socket.toString(), "NOTES", file.toString()), List.of());
            List<Path> readable = bwrap.asked.get(0).readable();
            assertFalse(readable.contains(socket), readable.toString());
            assertTrue(readable.contains(file), "other /tmp paths it names are still seen: " + readable);
        }
    }

    private static Job job(Path dir, String permissions) {
        return new Job(JobFixtures.spec("claude-0000a1").workdir(dir.toString()).permissions(permissions).build(),
                JobState.queued(), null, null);
    }

    @Test
    void whereTheSandboxHasNoNetworkNamespaceSuchAJobRefusesToStartInOneLine(@TempDir Path dir) {
        AgentConfinement mac = new AgentConfinement(new Recording("sandbox-exec"), false, LISTS);
        JobDir files = new JobDir(dir.resolve(".context/jobs/claude-0000a1"));
        IOException e = assertThrows(IOException.class,
                () -> mac.argv(job(dir, "workspace-write"), files, ARGV, Map.of(), List.of()));
        assertEquals("provider claude has a network allow-list, but a network allow-list needs bubblewrap's network "
                + "namespace (the sandbox here: sandbox-exec)", e.getMessage());
    }

    @Test
    void aListedProvidersAgentRunsBesideItsProxyInASandboxWithoutNetwork(@TempDir Path dir) throws Exception {
        Recording bwrap = new Recording("bubblewrap");
        AgentConfinement confinement = new AgentConfinement(bwrap, false, LISTS);
        JobDir files = new JobDir(dir.resolve(".context/jobs/claude-0000a1"));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dev.bgagents.sandbox.network.NetworkGate.unavailable(bwrap).isEmpty(), "no socat here");
        List<String> cmd = confinement.argv(job(dir, "workspace-write"), files, ARGV, Map.of(), List.of());
        assertEquals("/bin/sh", cmd.get(0));
        assertTrue(cmd.contains("dev.bgagents.sandbox.network.ProxyMain") || String.join(" ", cmd)
                .contains("ProxyMain"), cmd.toString());
        assertEquals(List.of("claude", "-p"), cmd.subList(cmd.size() - 2, cmd.size()), "the agent's argv, last");
        assertEquals(1, bwrap.asked.size());
        assertFalse(bwrap.asked.get(0).network(), "no network in the sandbox but its own loopback");
        assertTrue(bwrap.asked.get(0).readable().contains(files.network()), "the proxy's socket is seen inside");

        // another provider, and a full job of this one, are as they were
        assertEquals(List.of("claude", "-p"), new AgentConfinement(new Recording("bubblewrap"), false, Map.of())
                .argv(job(dir, "workspace-write"), files, ARGV, Map.of(), List.of()).subList(2, 4));
        assertEquals(ARGV, confinement.argv(job(dir, "full"), files, ARGV, Map.of(), List.of()));
    }
}
