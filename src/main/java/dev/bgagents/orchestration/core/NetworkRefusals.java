package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.Job;
import dev.bgagents.jobs.JobStore;
import dev.bgagents.sandbox.network.ProxyMain;
import dev.bgagents.summary.Redactor;
import dev.bgagents.summary.SummaryPart;
import dev.bgagents.text.Printable;
import dev.bgagents.text.ServerText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What its provider's network allow-list refused the job's agent, under the job's reason: a job can succeed
 * with a request refused (codex asks github.com, gemini its usage statistics), or fail because of one, and
 * either way the host should hear which hosts it wanted. Read from the proxy's own record of its refusals in
 * the job's network directory, which the agent cannot write, rather than from the agent's stderr, which it can.
 */
public final class NetworkRefusals implements SummaryPart {
    /** Hosts named in the summary; the rest counted. */
    private static final int SHOWN = 6;

    private final JobStore store;

    public NetworkRefusals(JobStore store) {
        this.store = store;
    }

    @Override
    public void afterReason(Job job, Redactor redactor, ServerText out) {
        Path record = store.files(job.id()).network().resolve(ProxyMain.REFUSED);
        if (!Files.isRegularFile(record)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return;
        }
        Map<String, Long> byHost = lines.stream().filter(l -> l.indexOf(' ') > 0)
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .collect(Collectors.groupingBy(h -> h, LinkedHashMap::new, Collectors.counting()));
        if (byHost.isEmpty()) {
            return;
        }
        String named = byHost.entrySet().stream().limit(SHOWN)
                .map(e -> Printable.name(e.getKey()) + (e.getValue() > 1 ? " (" + e.getValue() + "×)" : ""))
                .collect(Collectors.joining(", "))
                + (byHost.size() > SHOWN ? " and " + (byHost.size() - SHOWN) + " more" : "");
        out.own(redactor.redact("Network: refused by " + job.spec().provider() + "'s allow-list: " + named));
    }
}
