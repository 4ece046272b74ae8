package dev.bgagents.orchestration.core;

import java.util.List;

/** The providers a new job falls back to, in order; the fallback room answers. */
public interface FallbackChains {
    FallbackChains NONE = (asked, provider, notes) -> List.of();

    /**
     * The chain of a new job on {@code provider}: the providers asked for (each must be usable now,
     * else a refusal), or else the config's, less those not usable here (said in {@code notes}).
     */
    List<String> chain(List<String> asked, String provider, List<String> notes);
}
