package dev.bgagents.orchestration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A test of the whole engine: a fresh {@link EngineFixture} for each test, closed after it. */
public abstract class EngineTest {
    @TempDir
    protected Path dir;
    protected EngineFixture f;

    @BeforeEach
    void openEngine() throws Exception {
        f = new EngineFixture(dir, "");
    }

    @AfterEach
    void closeEngine() {
        f.close();
    }
}
