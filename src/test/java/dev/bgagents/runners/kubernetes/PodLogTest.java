package dev.bgagents.runners.kubernetes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The merged, tagged log back into two files — whole lines only, and none twice across a restart. */
class PodLogTest {
    @TempDir
    Path dir;

    @Test
    void aServerThatReattachesWritesNoLineTwice() throws Exception {
        Path out = dir.resolve("stdout.log");
        Path err = dir.resolve("stderr.log");
        String first = "e [bg-agents] cloning bg/x\no {\"type\":\"system\",\"note\":\"héllo\"}\no {\"type\":\"ass";
        new PodLog(out, err).take(first, false);
        assertEquals("{\"type\":\"system\",\"note\":\"héllo\"}\n", Files.readString(out), "a cut line waits");
        // the server dies; a new one knows nothing but the files, and reads the whole log again
        String whole = first + "istant\"}\ne warn: retrying\no {\"type\":\"result\"}";
        PodLog again = new PodLog(out, err);
        again.take(whole, false);
        again.take(whole, false);
        assertEquals("{\"type\":\"system\",\"note\":\"héllo\"}\n{\"type\":\"assistant\"}\n", Files.readString(out));
        assertEquals("[bg-agents] cloning bg/x\nwarn: retrying\n", Files.readString(err));
        again.take(whole, true);
        assertEquals("{\"type\":\"system\",\"note\":\"héllo\"}\n{\"type\":\"assistant\"}\n{\"type\":\"result\"}",
                Files.readString(out), "the last line once the container ended");
    }
}
