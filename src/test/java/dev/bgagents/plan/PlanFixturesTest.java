package dev.bgagents.plan;

import dev.bgagents.routing.Routing;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture plans end in the waves and providers a careful engineer would choose. */
class PlanFixturesTest {

    static Planner.Setting setting() {
        Routing routing = new Routing(Map.of());
        return new Planner.Setting(null, "/work/repo", Instant.parse("2026-11-22T10:15:30Z"), "mvn -q verify",
                text -> {
                    Routing.Choice c = routing.choose(text, p -> true).orElseThrow();
                    return new Planner.Choice(c.provider(), "auto: " + c.kind().wire());
                },
                Set.of("claude", "codex", "gemini", "opencode", "ollama")::contains);
    }

    static PlanStatus plan(String fixture) throws Exception {
        return Planner.fromMarkdown(read(fixture), setting()).status();
    }

    static String read(String fixture) throws IOException {
        try (var in = PlanFixturesTest.class.getResourceAsStream("/plans/" + fixture)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Waves as lists of task titles, for assertions a reader can check against the plan. */
    static List<List<String>> waves(PlanStatus p) {
        return p.waves().stream().map(w -> w.stream().map(id -> p.task(id).orElseThrow().title()).toList()).toList();
    }

    static Map<String, String> providers(PlanStatus p) {
        return p.tasks().stream().collect(Collectors.toMap(PlanTask::title, PlanTask::provider));
    }

    @Test
    void webFeatureFollowsMigrationModelsHandlersWiringWithFrontendTemplatesAndDocsFirst() throws Exception {
        PlanStatus p = plan("web-feature.md");
        assertEquals(List.of(
                List.of("Database migration for invitations", "Invite form and pending list in the frontend",
                        "Email template", "Documentation"),
                List.of("Invitation model"),
                List.of("API handlers"),
                List.of("Wire up the blueprint and the mailer"),
                List.of("Tests")), waves(p));
        Map<String, String> prov = providers(p);
        assertEquals("codex", prov.get("Database migration for invitations"));
        assertEquals("codex", prov.get("Invitation model"));
        assertEquals("claude", prov.get("API handlers"));
        assertEquals("gemini", prov.get("Tests"));
        assertEquals("gemini", prov.get("Documentation"));
        assertEquals("team-invitations", p.feature());
        assertEquals(List.of("migrations/0042_invitations.sql"), p.task("1").orElseThrow().files());
    }

    @Test
    void refactorFollowsItsStatedDependenciesAndSkipsTickedItems() throws Exception {
        PlanStatus p = plan("refactor.md");
        assertEquals(5, p.tasks().size(), "the ticked item is done, not a task");
        assertEquals(List.of(
                List.of("Extract the PaymentGateway interface"),
                List.of("Move Stripe into StripeGateway", "Move PayPal into PaypalGateway"),
                List.of("Switch the callers to the interface"),
                List.of("Delete the old helpers")), waves(p));
        assertEquals(List.of("checkout/", "billing/service.py", "payments/factory.py"),
                p.task("4").orElseThrow().files());
    }

    @Test
    void bugFixesRunTogetherExceptTwoThatTouchTheSameFile() throws Exception {
        PlanStatus p = plan("bugfixes.md");
        assertEquals(List.of(List.of("1", "2", "4", "5"), List.of("3")), p.waves());
        assertEquals("both touch app/auth.py", p.task("3").orElseThrow().why().get("1"));
        assertEquals("gemini", p.task("5").orElseThrow().provider(), "a docs typo goes to the docs provider");
    }

    @Test
    void choresWithoutDependenciesAreOneWave() throws Exception {
        PlanStatus p = plan("no-deps.md");
        assertEquals(1, p.waves().size(), () -> "waves: " + p.waves() + " " + p.tasks().stream().map(t -> t.id() + "=" + t.why() + " " + t.files()).toList());
        assertEquals(4, p.waves().get(0).size());
        assertEquals("Type hints for the config loader", p.task("1").orElseThrow().title());
        assertTrue(p.tasks().stream().allMatch(t -> t.dependsOn().isEmpty()));
    }
}
