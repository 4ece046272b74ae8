package dev.bgagents.relay;

import dev.bgagents.channel.Answer;
import dev.bgagents.channel.ChannelDir;
import dev.bgagents.channel.InboxMessage;
import dev.bgagents.channel.RelayInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Holds a running claude's interactive channel for its job, in the job's process group and outside the
 * sandbox claude runs in: claude's stdout goes on unchanged to the relay's (the job's {@code stdout.log}),
 * its permission requests go to a person through the job's {@link ChannelDir}, and the inbox comes to claude
 * as user messages or interrupts. claude reads its stdin until it is closed, so the relay closes it once a
 * turn ends with nothing more to say — then claude exits, and the relay with claude's status.
 */
final class Relay {
    /** After a turn in which a message was sent, how long claude has to start the turn that message makes. */
    static final long NEXT_TURN_GRACE_MS = 2000;

    private final ChannelDir channel;
    private final Approvals approvals;
    private final RelayOptions options;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService asking = Executors.newCachedThreadPool(daemon("relay-ask"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(daemon("relay-inbox"));
    private final Object lock = new Object();
    private ClaudeStdin stdin;
    private boolean sentThisTurn;
    private boolean closeAfterTurn;
    /** From a message written (or claude's transcript going on) to the result that ends the turn. */
    private boolean turnRunning;

    Relay(RelayOptions options) {
        this.options = options;
        this.channel = new ChannelDir(options.channel());
        this.approvals = new Approvals(channel, options.approvalTimeout(), options.ask(), clock);
    }

    /** Runs claude to its end; its exit status. */
    int run(byte[] prompt, OutputStream out) throws IOException, InterruptedException {
        Process claude = new ProcessBuilder(options.argv())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        // a relay stopped by the group's SIGTERM takes claude with it even if claude was spared the signal
        Runtime.getRuntime().addShutdownHook(new Thread(claude::destroy));
        synchronized (lock) {
            stdin = new ClaudeStdin(claude.getOutputStream());
            String text = new String(prompt, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                stdin.close();
            } else {
                stdin.write(ClaudeWire.user(text));
                turnRunning = true;
            }
        }
        // claude reads its stdin from the start: said at once, so the server never steers this job by stopping it
        opened();
        copy(claude.getInputStream(), out);
        int code = claude.waitFor();
        asking.shutdownNow();
        timers.shutdownNow();
        answerPending("the agent ended first");
        // no relay file, no live steering: what is left in the inbox is the server's to deliver (by resuming)
        java.nio.file.Files.deleteIfExists(channel.relayFile());
        return code;
    }

    private void copy(InputStream from, OutputStream out) throws IOException {
        LineTap.copy(from, out, line -> seen(ClaudeWire.read(line)));
    }

    /** claude's channel is open: relay.json says so, and the inbox is read from now on. */
    private void opened() {
        try {
            channel.writeRelay(new RelayInfo(ProcessHandle.current().pid(), "claude", options.ask(), true, true));
        } catch (IOException e) {
            note("cannot write relay.json: " + e.getMessage());
        }
        timers.scheduleWithFixedDelay(this::deliver, 0, Approvals.POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void seen(ClaudeWire.Seen s) {
        if (s instanceof ClaudeWire.InTurn) {
            synchronized (lock) {
                // a message that came after a result started a turn of its own
                turnRunning = true;
            }
        }
        if (s instanceof ClaudeWire.Asked a) {
            asking.submit(() -> answer(a.ask()));
        } else if (s instanceof ClaudeWire.TurnEnded) {
            turnEnded();
        }
    }

    private void answer(ClaudeWire.ToolAsk ask) {
        try {
            Approvals.Outcome o = approvals.decide(ask);
            note(ask.tool() + ": " + ask.detail() + " — " + o.answer().decision().name().toLowerCase()
                    + " by " + o.answer().by());
            synchronized (lock) {
                stdin.write(o.reply());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            note("cannot answer " + ask.tool() + ": " + e);
        }
    }

    /** Takes the inbox's next message, if claude can still be told anything. */
    private void deliver() {
        try {
            synchronized (lock) {
                if (stdin.closed()) {
                    return;
                }
                var next = channel.take();
                if (next.isEmpty()) {
                    return;
                }
                InboxMessage m = next.get();
                boolean hasText = m.text() != null && !m.text().isBlank();
                if (m.kind() == InboxMessage.Kind.INTERRUPT) {
                    note("interrupt" + (hasText ? " with a message" : ": the job ends with this turn") + " (" + m.by() + ")");
                    if (!hasText) {
                        // its end is an interrupt's, as the server's steering ends one: cancelled, its work kept
                        channel.recordInterrupt(m.id(), clock.instant());
                    }
                    if (!turnRunning && !hasText) {
                        // no turn to stop: the job ends here
                        stdin.close();
                        return;
                    }
                    if (turnRunning) {
                        stdin.write(ClaudeWire.interrupt("interrupt-" + m.id()));
                    }
                    // with nothing to go on with, the job ends at the turn's end, keeping its work
                    closeAfterTurn = !hasText;
                }
                if (hasText) {
                    stdin.write(ClaudeWire.user(m.text()));
                    sentThisTurn = true;
                    turnRunning = true;
                    if (m.kind() == InboxMessage.Kind.MESSAGE) {
                        note("message delivered (" + m.by() + ")");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            note("cannot deliver the inbox: " + e);
        }
    }

    /** A result: claude waits for more. Closing its stdin ends it, unless a message is on its way. */
    private void turnEnded() {
        // claude asks only within a turn: a request still open is one an interrupt cut short
        answerPending("the turn ended before an answer");
        synchronized (lock) {
            turnRunning = false;
            if (closeAfterTurn) {
                stdin.close();
            } else if (sentThisTurn) {
                // a message that arrived mid-turn was either in this turn or starts the next: give claude time to say
                sentThisTurn = false;
                timers.schedule(this::closeIfIdle, NEXT_TURN_GRACE_MS, TimeUnit.MILLISECONDS);
            } else {
                closeIfIdle();
            }
        }
    }

    private void closeIfIdle() {
        synchronized (lock) {
            if (!turnRunning && !sentThisTurn && channel.waiting().isEmpty()) {
                stdin.close();
            }
        }
    }

    /** Requests claude no longer waits for are answered, so none shows as waiting when nothing waits. */
    private void answerPending(String why) {
        for (var r : channel.pending()) {
            try {
                channel.answer(new Answer(r.id(), Answer.Decision.DENY, why, "relay", Instant.now()));
            } catch (IOException e) {
                note("cannot close request " + r.id() + ": " + e.getMessage());
            }
        }
    }

    static void note(String s) {
        System.err.println("bg-agents relay: " + s);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** claude's stdin, one line at a time; closed at most once. */
    private static final class ClaudeStdin {
        private final OutputStream out;
        private boolean closed;

        ClaudeStdin(OutputStream out) {
            this.out = out;
        }

        void write(String line) throws IOException {
            if (closed) {
                throw new IOException("claude's stdin is closed");
            }
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        boolean closed() {
            return closed;
        }

        void close() {
            if (!closed) {
                closed = true;
                try {
                    out.close();
                } catch (IOException gone) {
                    // claude went already
                }
            }
        }
    }
}
