package dev.bgagents.mcp.stdio;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Once the client has gone the server exits by itself after a grace period, whatever threads remain. */
class ExitWhenClientGoneTest {

    @Test
    void exitsAfterTheGrace() throws Exception {
        CountDownLatch exited = new CountDownLatch(1);
        long t0 = System.nanoTime();
        new ExitWhenClientGone(exited::countDown, 200).run();
        assertFalse(exited.await(100, TimeUnit.MILLISECONDS), "not before the grace");
        assertTrue(exited.await(5, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - t0 >= 200_000_000L);
    }
}
