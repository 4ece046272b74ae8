package dev.bgagents.orchestration.steering;

/** What a steered agent is told when its session resumes: the person's message, and that its work stands. */
final class SteerPrompt {
    private SteerPrompt() {
    }

    static String render(String message) {
        return "While you were working, the person who gave you this task sent a message. You were paused "
                + "to read it; everything you did so far is kept. Take it into account and go on:\n\n" + message;
    }

    /** For a round whose message another taker delivered: the agent was paused, and goes on. */
    static String goOn() {
        return "You were paused for a moment; everything you did so far is kept. Go on with the task where you "
                + "left off.";
    }
}
