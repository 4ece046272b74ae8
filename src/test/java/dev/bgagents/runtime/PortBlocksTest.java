package dev.bgagents.runtime;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A job's port block lies outside the system's ephemeral range, is one no other active job holds
 * and has every port free right now; when there is none, the reason says which and how many.
 */
class PortBlocksTest {
    private static final EphemeralRange LINUX_DEFAULT = new EphemeralRange(32_768, 60_999);

    @Test
    void theRangeIsReadAsLinuxAndMacOsPrintIt() {
        assertEquals(Optional.of(LINUX_DEFAULT), EphemeralRange.parse("32768\t60999\n"), "/proc/sys/net/ipv4/ip_local_port_range");
        assertEquals(Optional.of(EphemeralRange.IANA), EphemeralRange.parse("49152\n65535\n"), "sysctl -n first last");
        for (String bad : List.of("", "32768", "60999 32768", "0 100", "1024 70000", "a b", "1 2 3")) {
            assertEquals(Optional.empty(), EphemeralRange.parse(bad), bad);
        }
    }

    @Test
    void thisMachinesRangeIsWhatTheSystemSays() throws Exception {
        java.nio.file.Path proc = java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        EphemeralRange expected = java.nio.file.Files.isReadable(proc) ? EphemeralRange.parse(new String(
                java.nio.file.Files.newInputStream(proc).readAllBytes())).orElseThrow() : EphemeralRange.ofSystem();
        assertEquals(expected, EphemeralRange.ofSystem());
    }

    @Test
    void noBlockOverlapsTheEphemeralRange() {
        List<Integer> bases = PortBlocks.candidates(LINUX_DEFAULT);
        assertEquals(20_000, bases.get(0));
        assertEquals(32_750, bases.get(1_275), "the last block below 32768");
        assertEquals(61_000, bases.get(1_276), "the first above 60999");
        assertEquals(65_520, bases.get(bases.size() - 1));
        assertEquals(1_276 + 453, bases.size());
        assertTrue(bases.stream().noneMatch(b -> LINUX_DEFAULT.overlaps(b, b + PortBlocks.COUNT - 1)));

        List<Integer> iana = PortBlocks.candidates(EphemeralRange.IANA);
        assertEquals(49_140, iana.get(iana.size() - 1), "below 49152, where macOS starts handing ports out");
    }

    @Test
    void aBlockWithAPortInUseIsPassedOverForAFreeOne() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            int busyBase = port / 10 * 10;
            int freeBase = busyBase == 20_000 ? 20_010 : 20_000;
            List<Integer> candidates = List.of(freeBase, busyBase);
            Set<Integer> taken = new HashSet<>();
            assertEquals(freeBase, PortBlocks.pick(taken, candidates));
            taken.add(freeBase);
            assertNull(PortBlocks.pick(taken, candidates), "the only block left has a port in use");
            assertEquals("all 2 blocks of 10 ports from 20000 outside the ephemeral range 32768–60999 are busy "
                    + "(1 held by this project's active jobs, 1 with a port in use)",
                    PortBlocks.noneFree(taken, candidates, LINUX_DEFAULT));
        }
    }

    @Test
    void aRangeCoveringEveryPortLeavesNoBlockAndSaysSo() {
        EphemeralRange all = new EphemeralRange(1_024, 65_535);
        List<Integer> none = PortBlocks.candidates(all);
        assertEquals(List.of(), none);
        assertNull(PortBlocks.pick(Set.of(), none));
        assertEquals("the system's ephemeral port range 1024–65535 leaves no block of 10 ports from 20000 outside it",
                PortBlocks.noneFree(Set.of(), none, all));
    }
}
