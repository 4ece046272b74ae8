package dev.bgagents.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A job's channel between its agent and a person, as files in the job's directory
 * ({@code .context/jobs/<id>/channel/}), so that whoever answers — the server, another server, the
 * dashboard — needs no connection to the relay that holds the agent's interactive channel, and
 * the relay, living with the job, outlives a server that stops. Every file is written whole (temp
 * and rename). The agent itself never writes here: the sandbox keeps this folder read-only to it,
 * or it could approve its own requests.
 *
 * <ul>
 *   <li>{@code relay.json} — {@link RelayInfo}, by the relay once the agent's channel is open;</li>
 *   <li>{@code requests/<id>.json} — a {@link PersonRequest}, by the relay; pending while it has no answer;</li>
 *   <li>{@code answers/<id>.json} — its {@link Answer}: the first written stays (a link, not a rename);</li>
 *   <li>{@code inbox/<id>.json} — an {@link InboxMessage} for the agent, by whoever steers it; ids sort by time;</li>
 *   <li>{@code delivered/<id>.json} — the same once taken by the relay (or the server, when it steers
 *       by interrupting and resuming); taking is a rename, so a message is delivered once.</li>
 * </ul>
 */
public record ChannelDir(Path dir) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = StateFiles.json();

    /** The channel of the job whose directory is {@code jobDir}. */
    public static ChannelDir of(Path jobDir) {
        return new ChannelDir(jobDir.resolve("channel"));
    }

    static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a channel id: " + id);
        }
    }

    /** A new id that sorts after every id made before it (time first, then randomness). */
    public static String newId() {
        byte[] r = new byte[4];
        RANDOM.nextBytes(r);
        // two ids in the same millisecond would sort by their random part: the later one a millisecond on
        long at = LAST_ID_MILLIS.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        return String.format("%013d-%s", at, HexFormat.of().formatHex(r));
    }

    private static final java.util.concurrent.atomic.AtomicLong LAST_ID_MILLIS = new java.util.concurrent.atomic.AtomicLong();

    public Path relayFile() {
        return dir.resolve("relay.json");
    }

    /**
     * That the agent was stopped on purpose, to be steered or by an interrupt ({@code steer.json}), so its end
     * reads as that and not as a crash: written by the server's steering, or by the relay when an interrupt with
     * nothing to go on with ends the job (runtime/steering/SteerIntent reads it).
     */
    public Path stopFile() {
        return dir.resolve("steer.json");
    }

    /** The relay's record of an interrupt that ends the job: read as the server's own interrupt is. */
    public void recordInterrupt(String messageId, Instant at) throws IOException {
        Files.createDirectories(dir);
        StateFiles.replace(stopFile(), JSON.writeValueAsBytes(java.util.Map.of("message_id", messageId,
                "kind", InboxMessage.Kind.INTERRUPT.name(), "stopped_at", at.toString())));
    }

    public Path requests() {
        return dir.resolve("requests");
    }

    public Path answers() {
        return dir.resolve("answers");
    }

    public Path inbox() {
        return dir.resolve("inbox");
    }

    public Path delivered() {
        return dir.resolve("delivered");
    }

    /** Made by the launch, before the agent starts, so the sandbox can keep it read-only to the agent. */
    public void create() throws IOException {
        for (Path p : List.of(requests(), answers(), inbox(), delivered())) {
            Files.createDirectories(p);
        }
    }

    public void writeRelay(RelayInfo info) throws IOException {
        Files.createDirectories(dir);
        StateFiles.replace(relayFile(), JSON.writeValueAsBytes(info));
    }

    public Optional<RelayInfo> relay() {
        return read(relayFile(), RelayInfo.class);
    }

    /** The relay asks: the request is pending until answered. */
    public void ask(PersonRequest r) throws IOException {
        Files.createDirectories(requests());
        StateFiles.replace(requests().resolve(r.id() + ".json"), JSON.writeValueAsBytes(r));
    }

    /**
     * Answers a request; false when it already had an answer (that one stands) or was never asked.
     * Of two answerers exactly one wins.
     */
    public boolean answer(Answer a) throws IOException {
        if (!Files.exists(requests().resolve(a.id() + ".json"))) {
            return false;
        }
        Files.createDirectories(answers());
        return StateFiles.createOnce(answers().resolve(a.id() + ".json"), JSON.writeValueAsBytes(a));
    }

    public Optional<Answer> answerOf(String requestId) {
        checkId(requestId);
        return read(answers().resolve(requestId + ".json"), Answer.class);
    }

    public Optional<PersonRequest> request(String requestId) {
        checkId(requestId);
        return read(requests().resolve(requestId + ".json"), PersonRequest.class);
    }

    /** Requests with no answer yet, oldest first. */
    public List<PersonRequest> pending() {
        List<PersonRequest> out = new ArrayList<>();
        for (Path p : jsonFiles(requests())) {
            String id = stem(p);
            if (!Files.exists(answers().resolve(id + ".json"))) {
                read(p, PersonRequest.class).ifPresent(out::add);
            }
        }
        out.sort(java.util.Comparator.comparing(PersonRequest::askedAt));
        return out;
    }

    /** Leaves a message for the agent. */
    public void send(InboxMessage m) throws IOException {
        Files.createDirectories(inbox());
        StateFiles.replace(inbox().resolve(m.id() + ".json"), JSON.writeValueAsBytes(m));
    }

    /** Messages not yet taken, oldest first. */
    public List<InboxMessage> waiting() {
        return jsonFiles(inbox()).stream().map(p -> read(p, InboxMessage.class)).flatMap(Optional::stream).toList();
    }

    /**
     * Takes the oldest message not yet taken, moving it to {@code delivered/}; empty when there is
     * none. Of two takers, one gets it.
     */
    public Optional<InboxMessage> take() throws IOException {
        for (Path p : jsonFiles(inbox())) {
            Optional<InboxMessage> m = read(p, InboxMessage.class);
            if (m.isEmpty()) {
                continue;
            }
            Files.createDirectories(delivered());
            try {
                Files.move(p, delivered().resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                return m;
            } catch (NoSuchFileException takenMeanwhile) {
                // another taker was first: try the next
            }
        }
        return Optional.empty();
    }

    private static List<Path> jsonFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".json") && !n.startsWith(".") && ID.matcher(stem(p)).matches();
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".json".length());
    }

    private static <T> Optional<T> read(Path p, Class<T> type) {
        try {
            return Optional.of(JSON.readValue(p.toFile(), type));
        } catch (NoSuchFileException | java.io.FileNotFoundException gone) {
            return Optional.empty();
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
