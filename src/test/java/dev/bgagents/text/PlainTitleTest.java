package dev.bgagents.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlainTitleTest {
    @Test
    void aTaskFilesHeadingBecomesItsTitle() {
        assertEquals("Square helper on the facade", PlainTitle.of("# Task 04: Square helper on the facade\n\nBody"));
        assertEquals("Square helper", PlainTitle.of("## Square helper ##"));
    }

    @Test
    void markdownIsStrippedAndWordsKept() {
        assertEquals("Fix the cart_total rounding in utils.py now",
                PlainTitle.of("**Fix** the `cart_total` rounding in [utils.py](src/utils.py) _now_"));
        assertEquals("Add logo and old new text", PlainTitle.of("- [ ] Add ![logo](x.png) and ~~old~~ *new* text"));
        assertEquals("snake_case_name stays", PlainTitle.of("> snake_case_name stays"));
        assertEquals("Task 2: not a heading keeps its words", PlainTitle.of("Task 2: not a heading keeps its words"));
    }

    @Test
    void controlCharactersGoAndTheLengthIsCapped() {
        assertEquals("red text and bell", PlainTitle.of("\u001B[31mred\u001B[0m text and\u0007 bell"));
        assertEquals("first", PlainTitle.of("\n  \n---\nfirst\nsecond"));
        String t = PlainTitle.of("word ".repeat(40));
        assertEquals(PlainTitle.MAX, t.length());
        assertTrue(t.endsWith("…"), t);
        assertEquals("", PlainTitle.of(null));
    }
}
