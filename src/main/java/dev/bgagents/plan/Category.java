package dev.bgagents.plan;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What part of a feature a task builds, which decides its place when the plan says nothing:
 * migration, then models, then handlers/API, then the wiring, then tests of the whole; frontend,
 * types, templates and docs stand alone. Checked in the order below, so "tests for the API" is
 * tests and "models migration" is a migration.
 */
public enum Category {
    TESTS("tests?|testing|unit tests?|integration tests?|e2e|specs?|coverage", -1),
    DOCS("docs?|docstrings?|documentation|document|readme|changelog|guide", -1),
    MIGRATION("migrations?|migrate|schema|alter table|create table|ddl|database table", 0),
    MODELS("models?|entit(y|ies)|orm|dto|repositor(y|ies)|data layer", 1),
    TYPES("types|typings|type definitions?|interfaces", -1),
    TEMPLATES("templates?", -1),
    FRONTEND("frontend|front-end|ui|components?|pages?|react|vue|svelte|css|styles?|forms?|screens?", -1),
    WIRING("wiring|wire|wire up|register|registration|hook up|plug in|dependency injection|bootstrap", 3),
    HANDLERS("handlers?|api|apis|endpoints?|controllers?|routes?|resolvers?|services?|middlewares?|server-side|backend", 2),
    OTHER(null, -1);

    /** The chain tests hang on: after the last step of the backend chain present. */
    static final int TESTS_STEP = 4;

    private final Pattern words;
    private final int step;

    Category(String words, int step) {
        this.words = words == null ? null : Pattern.compile("\\b(" + words + ")\\b");
        this.step = step;
    }

    /** Position in the migration → models → handlers → wiring chain; -1 for tasks outside it. */
    int step() {
        return this == TESTS ? TESTS_STEP : step;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * By the title alone: a body mentions everything ("register", "the API") in passing, and a
     * wrong category invents an order the plan never meant.
     */
    static Category of(String title) {
        // "Order model, after the migration" is a model task: what it waits for is not what it is
        return match(title.split("(?i)\\b(after|using|uses|once|builds? on|on top of|requires?|needs?|relies on|"
                + "depends on)\\b")[0]);
    }

    static Category match(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        for (Category c : values()) {
            if (c.words != null && c.words.matcher(t).find()) {
                return c;
            }
        }
        return OTHER;
    }
}
