package dev.bgagents.orchestration.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP POST of the event's JSON. With {@code secret_env}, the body is signed: header
 * {@code X-BgAgents-Signature-256: sha256=<hex HMAC-SHA256 of the body's bytes>} with the key that
 * variable holds (read at each delivery; never from the config file). {@code X-BgAgents-Event} and
 * {@code X-BgAgents-Delivery} (the event's id) let a receiver route and drop a repeat. A refused
 * connection, a time-out, a 408, 429 or 5xx are tried again; any other answer is final.
 */
final class WebhookSink implements Sink {
    static final String SIGNATURE = "X-BgAgents-Signature-256";

    private final URI url;
    private final String secretEnv;
    private final Duration timeout;
    private final Map<String, String> env;
    private final HttpClient http;

    WebhookSink(String url, String secretEnv, Duration timeout, Map<String, String> env) {
        this.url = URI.create(url);
        this.secretEnv = secretEnv;
        this.timeout = timeout;
        this.env = env;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String describe() {
        return "POST " + url.getScheme() + "://" + url.getAuthority() + url.getRawPath()
                + (secretEnv == null ? " (unsigned)" : " (signed with $" + secretEnv + ")");
    }

    @Override
    public Optional<String> cannotWorkHere() {
        return secretEnv != null && secret() == null ? Optional.of("$" + secretEnv + " is not set: nothing would be signed, "
                + "so nothing is sent") : Optional.empty();
    }

    private String secret() {
        String s = env.get(secretEnv);
        return s == null || s.isEmpty() ? null : s;
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public Attempt deliver(NotifyEvent e) {
        byte[] body = e.json().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "bg-agents")
                .header("X-BgAgents-Event", e.type())
                .header("X-BgAgents-Delivery", e.id())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secretEnv != null) {
            String secret = secret();
            if (secret == null) {
                return Attempt.giveUp("$" + secretEnv + " is not set: not sent unsigned");
            }
            req.header(SIGNATURE, sign(secret, body));
        }
        try {
            int code = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (code >= 200 && code < 300) {
                return Attempt.delivered("HTTP " + code);
            }
            return code == 408 || code == 429 || code >= 500 ? Attempt.retry("HTTP " + code) : Attempt.giveUp("HTTP " + code);
        } catch (IOException ex) {
            return Attempt.retry(ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Attempt.retry("interrupted");
        }
    }
}
