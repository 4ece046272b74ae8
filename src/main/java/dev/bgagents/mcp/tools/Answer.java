package dev.bgagents.mcp.tools;

import java.util.Map;

/**
 * A tool's answer as the host receives it: the markdown text and the {@code structuredContent}
 * (null for none), rendered from the tool's typed result in one place.
 */
public interface Answer {
    String text();

    Map<String, Object> structured();

    default boolean isError() {
        return false;
    }

    /** A one-line error: {@code isError}, no structured part. */
    static Answer error(String line) {
        return new Answer() {
            @Override
            public String text() {
                return line;
            }

            @Override
            public Map<String, Object> structured() {
                return null;
            }

            @Override
            public boolean isError() {
                return true;
            }
        };
    }

    /** The text, and the structured part read off the tool's answer record. */
    static Answer of(String text, Record structured) {
        return of(text, AnswerSchema.structured(structured));
    }

    static Answer of(String text, Map<String, Object> structured) {
        return new Answer() {
            @Override
            public String text() {
                return text;
            }

            @Override
            public Map<String, Object> structured() {
                return structured;
            }
        };
    }
}
