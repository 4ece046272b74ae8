package dev.bgagents.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents running at once each get their own block of ports, in their environment and on record. */
class PortsIT {
    @Test
    void parallelJobsGetDisjointBlocksOfFreePorts(@TempDir Path dir) throws Exception {
        try (ServerHarness h = new ServerHarness(dir, "").start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(h.spawn("MODE:ports=2", Map.of("worktree", false)));
            }
            h.call("job_status", Map.of("job_ids", ids, "wait", "all"));
            List<Integer> bases = new ArrayList<>();
            for (String id : ids) {
                assertEquals("succeeded", h.awaitEnd(id).get("status"));
                String[] seen = Files.readString(dir.resolve("ports-" + id + ".txt")).strip().split(" ");
                int base = Integer.parseInt(seen[0]);
                assertEquals(List.of(seen[0], "10"), List.of(seen[1], seen[2]), "PORT is the block's first port");
                assertTrue(base >= 20_000 && base + 10 <= 60_000, "above the usual dev ports: " + base);
                assertEquals(base + " 10", Files.readString(h.jobDir(id).resolve("ports")).strip(), "on record");
                for (int other : bases) {
                    assertTrue(Math.abs(other - base) >= 10, "blocks " + other + " and " + base + " overlap");
                }
                bases.add(base);
            }
        }
    }
}
