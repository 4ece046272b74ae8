package dev.bgagents.jobs;

import dev.bgagents.agents.Budget;
import dev.bgagents.agents.Usage;
import dev.bgagents.project.StateFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A job's budgets survive its record (a restarted server keeps watching them); no budget writes nothing. */
class JobSpecBudgetTest {

    @Test
    void budgetsAreRecordedAndReadBack() throws Exception {
        JobSpec spec = JobFixtures.spec("claude-aaaaaa").budgets(new Budget(0.5, 9000L, 12),
                new Budget(null, 50_000L, null)).planTask("20261203-120000_x", "1").build();
        String json = StateFiles.json().writeValueAsString(spec);

        JobSpec back = StateFiles.json().readValue(json, JobSpec.class);
        assertEquals(new Budget(0.5, 9000L, 12), back.limits().budget());
        assertEquals(new Budget(null, 50_000L, null), back.limits().planBudget());
        assertTrue(json.contains("\"max_tokens\""), json);
    }

    @Test
    void aJobWithoutBudgetsRecordsNoneAndAnOlderRecordReadsAsNone() throws Exception {
        String json = StateFiles.json().writeValueAsString(JobFixtures.spec("claude-aaaaaa").build());
        assertFalse(json.contains("budget"), json);

        JobSpec back = StateFiles.json().readValue(json, JobSpec.class);
        assertEquals(Budget.NONE, back.limits().budget());
        assertEquals(Budget.NONE, back.limits().planBudget());
    }

    @Test
    void whatAFallbacksChainSpentBeforeItIsRecordedAndReadBack() throws Exception {
        Usage spent = new Usage(2000L, 200L, null, 0.02);
        String json = StateFiles.json().writeValueAsString(JobFixtures.spec("claude-aaaaaa").spentBefore(spent).build());
        assertEquals(spent, StateFiles.json().readValue(json, JobSpec.class).limits().spentBefore());

        String none = StateFiles.json().writeValueAsString(JobFixtures.spec("claude-aaaaaa").build());
        assertFalse(none.contains("spent_before"), none);
        assertNull(StateFiles.json().readValue(none, JobSpec.class).limits().spentBefore());
    }
}
