package dev.bgagents.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a command's output goes: a terminal gets colour, live redraws and lines fitted to its
 * width; a pipe, a file or {@code NO_COLOR} get plain text a script can read.
 *
 * @param tty    stdout (and stdin) is a terminal
 * @param colour ANSI colour is wanted
 * @param width  columns to fit lines to; 0 for no limit
 */
record Terminal(boolean tty, boolean colour, int width) {
    private static final String RESET = "\u001b[0m";

    static Terminal detect() {
        return of(System.console() != null, System.getenv());
    }

    static Terminal of(boolean tty, Map<String, String> env) {
        boolean colour = tty && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty())
                && !"dumb".equals(env.get("TERM"));
        return new Terminal(tty, colour, tty ? columns(env) : 0);
    }

    private static int columns(Map<String, String> env) {
        try {
            int c = Integer.parseInt(env.getOrDefault("COLUMNS", ""));
            if (c > 20) {
                return c;
            }
        } catch (NumberFormatException notSet) {
            // asked of the terminal below
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (stty.waitFor(2, TimeUnit.SECONDS) && out.matches("\\d+ \\d+")) {
                int c = Integer.parseInt(out.split(" ")[1]);
                if (c > 20) {
                    return c;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no terminal to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /** The text in the colour of a job's state word (running, succeeded, failed …). */
    String state(String state, String text) {
        return paint(switch (state) {
            case "running" -> "36";
            case "queued" -> "33";
            case "waiting" -> "35";
            case "succeeded" -> "32";
            case "failed", "timed_out", "lost" -> "31";
            default -> "90";
        }, text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    String bold(String text) {
        return paint("1", text);
    }

    String red(String text) {
        return paint("31", text);
    }

    private String paint(String code, String text) {
        return colour && !text.isEmpty() ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
