package dev.bgagents.it;

import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.bgagents.it.ServerHarness.structured;
import static dev.bgagents.it.ServerHarness.text;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Agents running at once each get their own block of ports, outside the system's ephemeral
 * range, in their environment and on record; when no block is free, the spawn's answer and the
 * job's summary say so and why.
 */
class PortsIT {
    private static final int[] EPHEMERAL = ephemeralRange();

    @Test
    void parallelJobsGetDisjointBlocksOfFreePortsOutsideTheEphemeralRange(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "\"max_concurrent\": 8").start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(h.spawn("MODE:ports=2", Map.of("worktree", false)));
            }
            h.call("job_status", Map.of("job_ids", ids, "wait", "all"));
            List<Integer> bases = new ArrayList<>();
            for (String id : ids) {
                assertEquals("succeeded", h.awaitEnd(id).get("status"));
                String[] seen = Files.readString(dir.resolve("ports-" + id + ".txt")).strip().split(" ");
                int base = Integer.parseInt(seen[0]);
                assertEquals(List.of(seen[0], "10"), List.of(seen[1], seen[2]), "PORT is the block's first port");
                assertTrue(base >= 20_000 && base + 9 <= 65_535, "above the usual dev ports: " + base);
                assertTrue(base + 9 < EPHEMERAL[0] || base > EPHEMERAL[1], "block " + base + " lies in the ephemeral "
                        + "range " + EPHEMERAL[0] + "–" + EPHEMERAL[1] + ", where the system hands ports to anyone");
                assertEquals(base + " 10", Files.readString(h.jobDir(id).resolve("ports")).strip(), "on record");
                for (int other : bases) {
                    assertTrue(Math.abs(other - base) >= 10, "blocks " + other + " and " + base + " overlap");
                }
                bases.add(base);
            }
        }
    }

    @Test
    void withEveryBlockBusyAJobStartsWithoutPortAndItsAnswerAndSummarySayWhy(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            List<ServerSocket> held = new ArrayList<>();
            String id;
            McpSchema.CallToolResult answer;
            try {
                // one port of each block outside the ephemeral range makes every block busy
                for (int base = 20_000; base + 9 <= 65_535; base += 10) {
                    if (base + 9 < EPHEMERAL[0] || base > EPHEMERAL[1]) {
                        hold(base, held);
                    }
                }
                answer = h.call("spawn_agent", Map.of("prompt", "MODE:ports=0", "worktree", true));
                assertFalse(Boolean.TRUE.equals(answer.isError()), text(answer));
                id = (String) structured(answer).get("job_id");
                assertEquals("succeeded", h.awaitEnd(id).get("status"));
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
            String why = "all 1,729 blocks of 10 ports from 20000 outside the ephemeral range "
                    + EPHEMERAL[0] + "–" + EPHEMERAL[1] + " are busy (0 held by this project's active jobs, 1,729 with a "
                    + "port in use)";
            if (EPHEMERAL[0] != 32_768 || EPHEMERAL[1] != 60_999) {
                why = "blocks of 10 ports from 20000 outside the ephemeral range " + EPHEMERAL[0] + "–" + EPHEMERAL[1];
            }
            assertTrue(text(answer).contains("no port block, $PORT unset: ") && text(answer).contains(why), text(answer));
            assertTrue(String.valueOf(structured(answer).get("notes")).contains("no port block, $PORT unset: "),
                    structured(answer).toString());
            String summary = text(h.call("read_summary", Map.of("job_id", id)));
            List<String> portLines = summary.lines().filter(l -> l.startsWith("Ports: none, $PORT unset: ")).toList();
            assertEquals(1, portLines.size(), summary);
            assertTrue(portLines.get(0).contains(why), summary);
            Path worktree = Path.of((String) structured(answer).get("worktree"));
            assertEquals("", Files.readString(worktree.resolve("ports-" + id + ".txt")).strip(),
                    "PORT, BG_AGENTS_PORT_BASE and BG_AGENTS_PORT_COUNT are all unset");

            String next = h.spawn("MODE:ports=0", Map.of());
            assertEquals("succeeded", h.awaitEnd(next).get("status"));
            assertFalse(text(h.call("read_summary", Map.of("job_id", next))).contains("Ports: none"),
                    "once blocks are free again, a job gets one");
        }
    }

    private static void hold(int port, List<ServerSocket> held) {
        try {
            held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
        } catch (IOException inUseAlready) {
            // busy either way
        }
    }

    /** The range the server reads, read the same way (the harness is Linux-only). */
    private static int[] ephemeralRange() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            String[] two = new String(in.readAllBytes()).strip().split("\\s+");
            return new int[] {Integer.parseInt(two[0]), Integer.parseInt(two[1])};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
