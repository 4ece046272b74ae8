package dev.bgagents.orchestration.notify;

import java.util.Optional;

/** Where events go: the desktop, a hook command, a webhook. */
interface Sink {
    /** Its name, also the suffix of its markers in the outbox: desktop, hook, webhook. */
    String name();

    /** One line for doctor: what it is, e.g. the command or the URL. */
    String describe();

    /** Why it cannot work on this machine (a program not found, a secret unset), or empty. */
    Optional<String> cannotWorkHere();

    /** Delivers once; may block up to the sink's own bound. */
    Attempt deliver(NotifyEvent event);

    /** How one delivery went. {@code retry}: a later attempt may succeed (a 503, a refused connection). */
    record Attempt(boolean delivered, boolean retry, String said) {
        static Attempt delivered(String said) {
            return new Attempt(true, false, said);
        }

        static Attempt retry(String why) {
            return new Attempt(false, true, why);
        }

        static Attempt giveUp(String why) {
            return new Attempt(false, false, why);
        }
    }
}
