package dev.bgagents.runtime.steering;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.project.StateFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * That the server stopped a job's agent on purpose to resume it with {@code messageId}: written before the
 * stop ({@code channel/steer.json}), so the round's end — noticed by this server or, after a restart, by
 * the next — is read as a steer rather than a crash, and removed once the resumed round runs (or the job
 * ended instead). The message itself stays in the inbox until the resume takes it.
 *
 * @param kind      MESSAGE (stopped at a turn boundary) or INTERRUPT (stopped at once)
 * @param noticedAt when the server first saw the message waiting
 * @param stoppedAt when it decided to stop the agent
 */
public record SteerIntent(String messageId, InboxMessage.Kind kind, Instant noticedAt, Instant stoppedAt) {
    private static final ObjectMapper JSON = StateFiles.json();

    static Path file(ChannelDir channel) {
        return channel.stopFile();
    }

    void write(ChannelDir channel) throws IOException {
        Files.createDirectories(channel.dir());
        StateFiles.replace(file(channel), JSON.writeValueAsBytes(this));
    }

    /** The stop on record for this channel's job, if the server stopped it to steer it. */
    public static Optional<SteerIntent> of(ChannelDir channel) {
        Path f = file(channel);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), SteerIntent.class));
        } catch (IOException | RuntimeException unreadable) {
            // a stop on record whatever it said: the round's end is still no crash
            return Optional.of(new SteerIntent(null, InboxMessage.Kind.MESSAGE, null, null));
        }
    }

    /** Whether the job whose directory is {@code jobDir} has a steer's stop on record. */
    public static boolean onRecord(Path jobDir) {
        return Files.isRegularFile(file(ChannelDir.of(jobDir)));
    }

    public static void clear(ChannelDir channel) throws IOException {
        Files.deleteIfExists(file(channel));
    }
}
