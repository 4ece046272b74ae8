package dev.bgagents.providers;

import dev.bgagents.config.Config;
import dev.bgagents.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who reviews: the first installed provider of routing.review that is not the author, else the author. */
class ReviewerChoiceTest {

    private static Providers providers(Path dir, String review) throws Exception {
        Path f = dir.resolve("bg-agents.json");
        Files.writeString(f, "{\"routing\": {\"review\": " + review + "}, \"providers\": {"
                + "\"alpha\": {\"command\": \"bash\", \"output\": \"text\"},"
                + "\"beta\": {\"command\": \"bash\", \"output\": \"text\"},"
                + "\"gone\": {\"command\": \"no-such-cli-7f2a\", \"output\": \"text\"}}}");
        Config config = ConfigLoader.read(f);
        return new Providers(config);
    }

    @Test
    void anotherInstalledProviderReviewsAndOneNotInstalledIsPassedOver(@TempDir Path dir) throws Exception {
        Providers p = providers(dir, "[\"gone\", \"alpha\", \"beta\"]");
        assertEquals(Optional.of("beta"), p.reviewer("alpha"));
        assertEquals(Optional.of("alpha"), p.reviewer("beta"));
    }

    @Test
    void withNoOtherInstalledTheAuthorReviewsItsOwnWork(@TempDir Path dir) throws Exception {
        Providers p = providers(dir, "[\"gone\", \"alpha\"]");
        assertEquals(Optional.of("alpha"), p.reviewer("alpha"));
        assertEquals(Optional.empty(), providers(dir, "[\"gone\"]").reviewer("gone"));
    }
}
