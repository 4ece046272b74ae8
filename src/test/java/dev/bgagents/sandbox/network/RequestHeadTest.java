package dev.bgagents.sandbox.network;

import dev.bgagents.config.NetworkAllowList;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RequestHeadTest {
    @Test
    void aConnectAsksForATunnelToItsHostAndPort() {
        RequestHead r = RequestHead.parse("CONNECT api.anthropic.com:443 HTTP/1.1\r\nHost: api.anthropic.com:443",
                new StringBuilder()).orElseThrow();
        assertTrue(r.tunnel());
        assertEquals("api.anthropic.com", r.host());
        assertEquals(443, r.port());
        RequestHead v6 = RequestHead.parse("CONNECT [::1]:8443 HTTP/1.1", new StringBuilder()).orElseThrow();
        assertEquals("::1", v6.host());
        assertEquals("[::1]:8443", v6.target());
    }

    @Test
    void aPlainRequestGoesOnInOriginFormAndClosesSoTheNextOneIsJudgedToo() {
        RequestHead r = RequestHead.parse("POST http://127.0.0.1:8080/v1/messages?beta=true HTTP/1.1\r\n"
                + "Host: 127.0.0.1:8080\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive\r\n"
                + "Proxy-Authorization: Basic eA==\r\nContent-Length: 2", new StringBuilder()).orElseThrow();
        assertFalse(r.tunnel());
        assertEquals("127.0.0.1", r.host());
        assertEquals(8080, r.port());
        assertEquals("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\n", new String(r.forward(), StandardCharsets.ISO_8859_1));
        assertEquals(80, RequestHead.parse("GET http://example.org HTTP/1.1", new StringBuilder()).orElseThrow().port());
    }

    @Test
    void whatAProxyDoesNotServeIsRefusedWithTheReason() {
        for (String head : List.of("GET / HTTP/1.1", "GET https://example.org/ HTTP/1.1", "hello",
                "CONNECT example.org:99999 HTTP/1.1", "CONNECT :443 HTTP/1.1")) {
            StringBuilder why = new StringBuilder();
            assertTrue(RequestHead.parse(head, why).isEmpty(), head);
            assertFalse(why.isEmpty(), head);
        }
    }

    @Test
    void theAgentReachesTheLoopbackNamesTheListDoesNotNameInItsOwnNamespace() {
        assertEquals("localhost,127.0.0.1,::1", NetworkGate.noProxy(NetworkAllowList.of(List.of("api.anthropic.com"))));
        assertEquals("localhost,::1", NetworkGate.noProxy(NetworkAllowList.of(List.of("127.0.0.1:8080"))));
        assertEquals("127.0.0.1", NetworkGate.noProxy(NetworkAllowList.of(List.of("localhost", "[::1]"))));
    }
}
