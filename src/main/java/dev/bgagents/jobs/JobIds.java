package dev.bgagents.jobs;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/** Makes the ids of new jobs: the provider, a dash, six random hex digits ({@link JobStore#ID}). */
final class JobIds {
    private final SecureRandom random = new SecureRandom();

    /** A new id for a provider that {@code taken} does not know. */
    String fresh(String provider, Predicate<String> taken) {
        while (true) {
            byte[] b = new byte[3];
            random.nextBytes(b);
            String id = provider + "-" + HexFormat.of().formatHex(b);
            if (!taken.test(id)) {
                return id;
            }
        }
    }
}
