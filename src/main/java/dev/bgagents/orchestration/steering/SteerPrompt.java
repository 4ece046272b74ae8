package dev.bgagents.orchestration.steering;

/** What a steered agent is told when its session resumes: the person's message, and that its work stands. */
final class SteerPrompt {
    private SteerPrompt() {
    }

    static String render(String message) {
        return "While you were working, the person who gave you this task sent a message. You were paused "
                + "to read it; everything you did so far is kept. Take it into account and go on:\n\n" + message;
    }
}
