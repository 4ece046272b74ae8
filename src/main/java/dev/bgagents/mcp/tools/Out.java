package dev.bgagents.mcp.tools;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One field of a tool's answer record, as its output schema describes it to the host: the record
 * is the contract, and both the schema ({@link AnswerSchema#of}) and the {@code structuredContent}
 * ({@link AnswerSchema#structured}) follow from it, so the two cannot drift apart. A field that is
 * null is left out of the answer; an {@code Optional} one is sent as null when empty (its type
 * says it may be).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface Out {
    /** The description the host model reads. */
    String value();

    /** Always present in the answer. */
    boolean required() default false;

    /** For a list: the description of its items, then of theirs for a list of lists. */
    String[] items() default {};

    /** For a string with a fixed set of values other than an enum's. */
    String[] oneOf() default {};

    /** Bounds of a number, when it has them. */
    double min() default Double.NaN;

    double max() default Double.NaN;
}
