package dev.bgagents.runtime;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A job's port block is one no other active job holds and whose every port is free right now. */
class PortBlocksTest {
    @Test
    void aBlockWithAPortInUseIsPassedOverForAFreeOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            // find a block this machine's port is in, when the kernel handed one in our range
            int busyBase = port >= 20_000 && port < 60_000 ? port / 10 * 10 : -1;
            int freeBase = busyBase == 20_000 ? 20_010 : 20_000;
            Set<Integer> taken = new HashSet<>();
            for (int base = 20_000; base < 60_000; base += PortBlocks.COUNT) {
                if (base != freeBase && base != busyBase) {
                    taken.add(base);
                }
            }
            assertEquals(freeBase, PortBlocks.pick(taken));
            taken.add(freeBase);
            if (busyBase > 0) {
                assertNull(PortBlocks.pick(taken), "the only block left has a port in use");
            }
        }
    }
}
