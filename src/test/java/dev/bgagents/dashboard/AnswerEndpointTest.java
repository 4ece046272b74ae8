package dev.bgagents.dashboard;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.PersonRequest;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.project.StateLayout;
import dev.bgagents.view.ProjectJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The dashboard's one write, over real HTTP: only its own page, with its token, answers a job's question. */
class AnswerEndpointTest {
    private static final String JOB = "claude-a1a1a1";
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private Dashboard dashboard;
    private ChannelDir channel;
    private String origin;
    private String csrf;

    @BeforeEach
    void aJobAsks() throws Exception {
        JobStore store = new JobStore(new StateLayout(dir).jobs());
        store.load();
        store.create(JobFixtures.spec(JOB).build(), "do it", null);
        channel = ChannelDir.of(store.files(JOB).dir());
        channel.create();
        Instant now = Instant.now();
        channel.ask(new PersonRequest("r1", "Bash", "rm -rf build", now, now.plusSeconds(300)));
        dashboard = Dashboard.start(List.of(new ProjectJobs(dir)), 0);
        origin = "http://127.0.0.1:" + dashboard.url().getPort();
        String page = http.send(HttpRequest.newBuilder(dashboard.url()).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"bg-csrf\" content=\"([0-9a-f]{32})\"").matcher(page);
        assertTrue(m.find(), page);
        csrf = m.group(1);
    }

    @AfterEach
    void close() {
        dashboard.close();
    }

    private HttpResponse<String> post(String origin, String site, String token, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(dashboard.url().resolve("answer"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (site != null) {
            b.header("Sec-Fetch-Site", site);
        }
        if (token != null) {
            b.header("X-Bg-Csrf", token);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String allow() {
        return "{\"job\":\"" + JOB + "\",\"request\":\"r1\",\"decision\":\"allow\"}";
    }

    @Test
    void thePageShowsTheQuestion() throws Exception {
        String doc = http.send(HttpRequest.newBuilder(dashboard.url().resolve("jobs.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(doc.contains("\"requests\":[{\"id\":\"r1\",\"line\":\"Bash: rm -rf build\""), doc);
    }

    @Test
    void aWriteFromAnotherSiteOrWithoutThePagesTokenChangesNothing() throws Exception {
        assertEquals(403, post("http://attacker.example", null, csrf, "application/json", allow()).statusCode());
        assertEquals(403, post(null, null, csrf, "application/json", allow()).statusCode(), "no Origin");
        assertEquals(403, post(origin, "cross-site", csrf, "application/json", allow()).statusCode());
        assertEquals(403, post(origin, "same-origin", null, "application/json", allow()).statusCode(), "no CSRF token");
        assertEquals(403, post(origin, "same-origin", "0".repeat(32), "application/json", allow()).statusCode());
        assertEquals(415, post(origin, "same-origin", csrf, "application/x-www-form-urlencoded", "job=" + JOB).statusCode());
        assertEquals(413, post(origin, "same-origin", csrf, "application/json",
                "{\"message\":\"" + "x".repeat(5000) + "\"}").statusCode());
        assertEquals(400, post(origin, "same-origin", csrf, "application/json",
                "{\"job\":\"" + JOB + "\",\"request\":\"r1\",\"decision\":\"maybe\"}").statusCode());
        // a wrong URL token is not this dashboard at all
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(origin + "/t/" + "0".repeat(32) + "/answer"))
                .header("Origin", origin).header("X-Bg-Csrf", csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(allow())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, wrong.statusCode());
        assertTrue(channel.answerOf("r1").isEmpty(), "nothing answered");
        assertEquals(1, channel.pending().size());
    }

    @Test
    void thePageItselfAnswersOnceAndTheFirstAnswerStands() throws Exception {
        HttpResponse<String> ok = post(origin, "same-origin", csrf, "application/json", allow());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("{\"ok\":true,\"said\":\"allowed Bash: rm -rf build for " + JOB + "\"}", ok.body());
        Answer a = channel.answerOf("r1").orElseThrow();
        assertEquals(Answer.Decision.ALLOW, a.decision());
        assertEquals("dashboard", a.by());
        HttpResponse<String> again = post(origin, null, csrf, "application/json",
                allow().replace("allow", "deny"));
        assertEquals(409, again.statusCode(), again.body());
        assertEquals(Answer.Decision.ALLOW, channel.answerOf("r1").orElseThrow().decision());
    }
}
