package dev.bgagents.orchestration.core;

import dev.bgagents.config.Config;
import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobFixtures;
import dev.bgagents.jobs.JobState;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.summary.Redactor;
import dev.bgagents.text.ServerText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class NetworkRefusalsTest {
    @TempDir
    Path dir;

    private String said(JobStore store) {
        Job job = new Job(JobFixtures.spec("codex-0000a1").build(), JobState.queued(), null, null);
        ServerText out = new ServerText();
        new NetworkRefusals(store).afterReason(job, Redactor.ofServer(Config.DEFAULTS), out);
        return out.text();
    }

    @Test
    void theHostsTheProxyRefusedAreSaidOnceEachWithHowOften() throws Exception {
        JobStore store = new JobStore(dir.resolve("jobs"));
        assertEquals("", said(store), "no list, nothing said");
        Path net = Files.createDirectories(store.files("codex-0000a1").network());
        Files.writeString(net.resolve("refused.log"), "CONNECT github.com:443\nCONNECT chatgpt.com:443\n"
                + "CONNECT github.com:443\nGET evil\u001b[31m.example:80\n");
        assertEquals("Network: refused by codex's allow-list: github.com:443 (2×), chatgpt.com:443, "
                + "\"evil\\x1b[31m.example:80\"", said(store).strip());
    }
}
