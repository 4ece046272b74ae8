package dev.bgagents.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans written the ways people write them, and the ways they go wrong. */
class PlanParserTest {

    private static PlanStatus plan(String md) throws PlanException {
        return Planner.fromMarkdown(md, PlanFixturesTest.setting()).status();
    }

    private static List<String> titles(PlanStatus p) {
        return p.tasks().stream().map(PlanTask::title).toList();
    }

    @Test
    void numberedHeadingsWithoutATasksSectionAreTasksAndOtherSectionsAreBackground() throws Exception {
        PlanStatus p = plan("""
                # Search

                ## Background

                Search is slow.

                ## Task 1: Add the search index migration

                Create the index.

                ## Task 2: Query service

                Builds on task 1.

                ## Risks

                Reindexing takes an hour.
                """);
        assertEquals(List.of("Add the search index migration", "Query service"), titles(p));
        assertEquals(Map.of("1", "says \"Builds on task 1\""), p.task("2").orElseThrow().why());
    }

    @Test
    void dependenciesInWordsPointAtEarlierTasksByCategoryOrTitle() throws Exception {
        PlanStatus p = plan("""
                ## Tasks
                1. Orders migration: add the orders table.
                2. Order model and repository, after the migration.
                3. Checkout endpoint using the order model.
                4. Receipt page in the frontend.
                """);
        assertEquals(List.of("1"), p.task("2").orElseThrow().dependsOn());
        assertEquals(List.of("2"), p.task("3").orElseThrow().dependsOn());
        assertEquals(List.of(), p.task("4").orElseThrow().dependsOn(), "frontend stands alone");
        assertEquals(List.of(List.of("1", "4"), List.of("2"), List.of("3")), p.waves());
    }

    @Test
    void aLoneCommonWordAfterAVerbNamesNothing() throws Exception {
        PlanStatus p = plan("""
                1. Login page: show an error after the user enters a wrong password.
                2. User settings page.
                """);
        assertEquals(List.of(List.of("1", "2")), p.waves());
    }

    @Test
    void dependsOnNoneOverridesTheCategoryOrder() throws Exception {
        PlanStatus p = plan("""
                ## Tasks
                - Migration for audit log
                - Audit model
                  Depends on: none
                """);
        assertEquals(List.of(List.of("1", "2")), p.waves());
    }

    @Test
    void aDependsOnLineInsideACodeBlockIsMaterialNotADependency() throws Exception {
        PlanStatus p = plan("""
                ## Tasks
                1. Write the changelog entry
                2. Document the config format:
                   ```yaml
                   Depends on: 1
                   ```
                """);
        assertEquals(List.of(List.of("1", "2")), p.waves());
    }

    @Test
    void filesOwnedAsADirectoryClashWithFilesInsideIt() throws Exception {
        PlanStatus p = plan("""
                1. Reorganise the CLI package
                   Files: `cli/`
                2. Fix the --verbose flag
                   Files: cli/flags.py
                3. Fix the exporter
                   Files: export/csv.py
                """);
        assertEquals(List.of(List.of("1", "3"), List.of("2")), p.waves());
        assertEquals("both touch cli/flags.py", p.task("2").orElseThrow().why().get("1"));
    }

    @Test
    void providerLinesWindowsLineEndsAndBoldLeadIns() throws Exception {
        PlanStatus p = plan("## Tasks\r\n\r\n1. **Schema**: add columns\r\n   Provider: gemini\r\n2. **Wire it**\r\n");
        assertEquals(List.of("Schema", "Wire it"), titles(p));
        assertEquals("gemini", p.task("1").orElseThrow().provider());
        assertEquals("named by the plan", p.task("1").orElseThrow().providerWhy());
    }

    @Test
    void aRunnerLineSaysWhereItsAgentRuns() throws Exception {
        PlanStatus p = plan("""
                ## Tasks
                1. **Build matrix**: run the whole test matrix.
                   Runner: kubernetes
                2. **Docs**: say where the runner runs.
                """);
        assertEquals("kubernetes", p.task("1").orElseThrow().runner());
        assertNull(p.task("2").orElseThrow().runner(), "a task naming none runs where the run says");
        assertEquals(List.of("Build matrix", "Docs"), titles(p), "the line is no part of the title");
    }

    @Test
    void aReviewYesLineAsksForAReviewAndNothingElseDoes() throws Exception {
        PlanStatus p = plan("""
                ## Tasks
                1. **Parser**: write the parser.
                   Review: yes
                2. **Docs**: document the review of errors.
                   Review: no
                3. **CLI**: wire the flags.
                   **Review:** required
                """);
        assertEquals(List.of(true, false, true), p.tasks().stream().map(PlanTask::review).toList());
        assertTrue(p.tasks().stream().allMatch(t -> t.reviewJob() == null));
    }

    @Test
    void theTaskKeepsItsOwnMarkdownAsTheGoal() throws Exception {
        PlanParser.Parsed parsed = PlanParser.parse("""
                - [ ] **Parser**: handle `--since`
                  - accept ISO dates
                  - reject the future
                """);
        String body = parsed.tasks().get(0).body();
        assertEquals("**Parser**: handle `--since`\n- accept ISO dates\n- reject the future", body);
        assertNull(parsed.tasks().get(0).dependsOn());
    }

    @Test
    void cyclesAreRefusedWithTheCycleNamed() {
        PlanException e = assertThrows(PlanException.class, () -> plan("""
                1. Alpha
                   Depends on: 3
                2. Beta
                   Depends on: 1
                3. Gamma
                   Depends on: 2
                """));
        assertTrue(e.getMessage().contains("task 1 (Alpha) → task 3 (Gamma) → task 2 (Beta) → task 1 (Alpha)"),
                e.getMessage());
    }

    @Test
    void plansWithoutTasksAndOversizedPlansAreRefused() {
        assertTrue(assertThrows(PlanException.class, () -> plan("")).getMessage().contains("empty"));
        assertTrue(assertThrows(PlanException.class, () -> plan("# Ideas\n\nMaybe a cache?\n- fast\n- cheap"))
                .getMessage().contains("no tasks found"));
        assertTrue(assertThrows(PlanException.class, () -> plan("1. a\n" + "z".repeat(PlanParser.MAX_CHARS)))
                .getMessage().contains("at most"));
        assertTrue(assertThrows(PlanException.class, () -> plan("1. a\n   Depends on: the moon"))
                .getMessage().contains("\"the moon\", which is not a task"));
    }

    @Test
    void hostTasksKeepTheirOrderAndOnlyFileOwnershipIsAdded() throws Exception {
        PlanStatus p = Planner.fromTasks(List.of(
                new Planner.HostTask("models", "Models", "add models", List.of(), List.of("app/models.py"), null),
                new Planner.HostTask("migration", "Migration", "add table", List.of(), List.of(), "codex"),
                new Planner.HostTask("admin", "Admin models", "register models", List.of(), List.of("./app/models.py"),
                        null)), PlanFixturesTest.setting()).status();
        assertEquals(List.of(List.of("models", "migration"), List.of("admin")), p.waves(),
                "the host's order is kept: no category inference, but never two tasks on one file");
        assertEquals("tasks/02-migration.md", p.task("migration").orElseThrow().taskFile());
    }

    @Test
    void aTaskWhoseOnlyTextIsADependencyIsReadOrRefusedNeverCrashes() {
        // found by the fault suite: the title split on "depends on" left nothing, and an index 0 failed
        try {
            PlanStatus p = plan("1. a\n2. \n   Depends on: 1\n");
            assertTrue(p.tasks().size() >= 1, p.tasks().toString());
        } catch (PlanException refused) {
            assertTrue(refused.getMessage().length() < 300, refused.getMessage());
        }
    }
}
