package dev.bgagents.agents;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BudgetTest {

    @Test
    void withinEveryLimitIsNotOver() {
        Budget b = new Budget(0.50, 5000L, 8);
        assertNull(b.exceededBy(new Usage(4000L, 1000L, 99_999L, 0.50), 8), "at the limit is within it");
        assertNull(Budget.NONE.exceededBy(new Usage(1L << 40, 0L, null, 1e6), 1000));
    }

    @Test
    void overALimitNamesItAndTheFigureReached() {
        assertEquals("over budget: max_tokens 5000, reached 5210",
                new Budget(null, 5000L, null).exceededBy(new Usage(5000L, 210L, null, null), null));
        assertEquals("over budget: max_cost_usd $0.0500, reached $0.0612",
                new Budget(0.05, null, null).exceededBy(new Usage(null, null, null, 0.0612), null));
        assertEquals("over budget: max_turns 3, reached 4", new Budget(null, null, 3).exceededBy(Usage.NONE, 4));
    }

    @Test
    void whatTheStreamDoesNotTellIsNeverOver() {
        Budget b = new Budget(0.01, 10L, 1);
        assertNull(b.exceededBy(Usage.NONE, null), "no usage yet, turns not counted");
        assertNull(b.exceededBy(new Usage(5L, 5L, null, null), 1), "tokens known, no cost: only tokens checked");
    }

    @Test
    void cacheReadsAreNotCountedAsTokens() {
        assertEquals(300L, new Usage(100L, 200L, 1_000_000L, null).tokens());
    }
}
