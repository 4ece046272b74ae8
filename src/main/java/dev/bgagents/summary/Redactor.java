package dev.bgagents.summary;

import dev.bgagents.agents.Credentials;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets that agents print out of everything the host reads: API keys by their shapes
 * ({@code sk-…}, {@code AIza…}, GitHub and Slack tokens), bearer tokens, and the values of this
 * machine's environment variables whose names end in {@code _KEY}, {@code _TOKEN} or
 * {@code _SECRET}. Terminal control sequences go too: an agent's colours, cursor moves, title
 * changes and bells are noise to a model and can garble a terminal that shows the answer.
 */
public final class Redactor {
    static final String MASK = "[REDACTED]";
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}"),
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("(?i)(?<=\\bbearer\\s)[A-Za-z0-9._~+/=-]{16,}"));
    /** CSI (colours, cursor), OSC (titles, links; ended by BEL or ST) and the short escapes (ESC 7, ESC ( B). */
    private static final Pattern ESCAPES = Pattern.compile(
            "\\x1B(?:\\[[0-?]*[ -/]*[@-~]|\\][^\\x07\\x1B]*(?:\\x07|\\x1B\\\\)?|[ -/]*[0-~])");
    /** C0 and C1 controls but tab and newline; a carriage return becomes a newline. */
    private static final Pattern CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]");
    /** Values shorter than this are too common to mask without mangling ordinary text. */
    static final int MIN_SECRET_LENGTH = 8;

    private final List<String> values;

    /** Secrets to keep out of answers: this process's environment and the env the config gives agents. */
    public static Redactor ofServer(dev.bgagents.config.Config config) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        config.providers().values().forEach(p -> env.putAll(p.env()));
        return new Redactor(env);
    }

    public Redactor(Map<String, String> env) {
        List<String> v = new ArrayList<>();
        env.forEach((name, value) -> {
            if (Credentials.isSecretName(name) && value != null && value.length() >= MIN_SECRET_LENGTH) {
                v.add(value);
            }
        });
        // longest first, so a value containing another is masked whole
        v.sort(Comparator.comparingInt(String::length).reversed());
        this.values = List.copyOf(v);
    }

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        if (needsCleaning(out)) {
            out = ESCAPES.matcher(out).replaceAll("");
            out = out.replace("\r\n", "\n").replace('\r', '\n');
            out = CONTROLS.matcher(out).replaceAll("");
        }
        for (String v : values) {
            if (out.contains(v)) {
                out = out.replace(v, MASK);
            }
        }
        for (Pattern p : SHAPES) {
            out = p.matcher(out).replaceAll(MASK);
        }
        return out;
    }

    /** Where a secret is in a text: {@code text.substring(start, end)}. */
    public record Span(int start, int end) {
    }

    /**
     * The secret that a cut of {@code text} at {@code at} would show in two parts — it starts before
     * {@code at} and ends after — spanning every secret so cut; empty when the cut shows none. Where a
     * page of a long text may end: each part alone is no longer masked.
     */
    public Optional<Span> cutBy(String text, int at) {
        int start = at;
        int end = at;
        for (String v : values) {
            int i = text.indexOf(v, Math.max(0, at - v.length() + 1));
            if (i >= 0 && i < at) {
                start = Math.min(start, i);
                end = Math.max(end, i + v.length());
            }
        }
        for (Pattern p : SHAPES) {
            Matcher m = p.matcher(text);
            while (m.find() && m.start() < at) {
                if (m.end() > at) {
                    start = Math.min(start, m.start());
                    end = Math.max(end, m.end());
                }
            }
        }
        return start == at ? Optional.empty() : Optional.of(new Span(start, end));
    }

    private static boolean needsCleaning(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F)) {
                return true;
            }
        }
        return false;
    }
}
