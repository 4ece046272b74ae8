package dev.bgagents.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secrets that agents print out of everything the host reads: API keys by their shapes
 * ({@code sk-…}, {@code AIza…}, GitHub and Slack tokens), bearer tokens, and the values of this
 * machine's environment variables whose names end in {@code _KEY}, {@code _TOKEN} or
 * {@code _SECRET}.
 */
public final class Redactor {
    static final String MASK = "[REDACTED]";
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{16,}"),
            Pattern.compile("\\bAIza[0-9A-Za-z_-]{30,}"),
            Pattern.compile("\\bgh[pousr]_[A-Za-z0-9]{20,}"),
            Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}"),
            Pattern.compile("(?i)(?<=\\bbearer\\s)[A-Za-z0-9._~+/=-]{16,}"));
    /** Values shorter than this are too common to mask without mangling ordinary text. */
    static final int MIN_SECRET_LENGTH = 8;

    private final List<String> values;

    public Redactor(Map<String, String> env) {
        List<String> v = new ArrayList<>();
        env.forEach((name, value) -> {
            String n = name.toUpperCase();
            if ((n.endsWith("_KEY") || n.endsWith("_TOKEN") || n.endsWith("_SECRET")) && value != null
                    && value.length() >= MIN_SECRET_LENGTH) {
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
}
