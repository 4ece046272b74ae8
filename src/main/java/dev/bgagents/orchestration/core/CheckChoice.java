package dev.bgagents.orchestration.core;

import dev.bgagents.jobs.VerifySpec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which check a new job's work must pass, chosen from what the call names — never a command from
 * the call itself; the checks room answers.
 */
public interface CheckChoice {
    /** The check named ({@code auto} or one of the config's) for a job in {@code dir}; null for none; a refusal otherwise. */
    VerifySpec resolve(String name, Integer fixAttempts, Path dir);

    /** The check named, or when none is, auto where the build files say how (plans, best-of-N); else none. */
    VerifySpec orAuto(String name, Integer fixAttempts, Path dir);

    /** The command auto would run in {@code dir}, as a person would type it, if the build files say one. */
    Optional<String> detected(Path dir);
}
