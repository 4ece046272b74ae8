package dev.bgagents.orchestration.checks;

import dev.bgagents.orchestration.core.CheckChoice;

import dev.bgagents.orchestration.api.Refusal;

import dev.bgagents.config.Config;
import dev.bgagents.jobs.VerifySpec;
import dev.bgagents.providers.Providers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns spawn_agent's {@code verify} into the command a job's work must pass: {@code auto} (the
 * config's {@code verify.auto}, else what the repository's build files say) or a name from the
 * config's {@code verify} — never a command from the call itself, so a host cannot make the
 * server run a program it chose. Checked before anything is made: the program must be there.
 */
public final class VerifyChecks implements CheckChoice {
    static final int MAX_FIX_ATTEMPTS = 5;
    static final String NONE = "none";

    private final Config config;

    public VerifyChecks(Config config) {
        this.config = config;
    }

    /** The check for a job working in {@code dir}, or null without one; a refusal for a name that is none. */
    @Override
    public VerifySpec resolve(String name, Integer fixAttempts, Path dir) {
        if (name == null || name.equals(NONE)) {
            if (fixAttempts != null && fixAttempts > 0) {
                throw new Refusal("fix_attempts needs verify: pass verify=\"auto\" or a check named in bg-agents.json");
            }
            return null;
        }
        List<String> argv = config.verify().get(name);
        if (argv == null && name.equals("auto")) {
            argv = VerifyCommand.argv(dir).orElseThrow(() -> new Refusal("verify=\"auto\" found no build to run in "
                    + dir + " (pom.xml, build.gradle, package.json with a test script, Cargo.toml, go.mod, "
                    + "pyproject.toml, Makefile with test:): name a check in bg-agents.json \"verify\""));
        }
        if (argv == null) {
            TreeSet<String> known = new TreeSet<>(config.verify().keySet());
            known.add("auto");
            throw new Refusal("verify " + Refusal.quoted(name) + " is not a check: use one of " + String.join(", ", known)
                    + " (checks are named in bg-agents.json \"verify\"; a command is never taken from the call)");
        }
        String program = argv.get(0);
        boolean found = program.contains("/") ? Files.isExecutable(dir.resolve(program))
                : Providers.findProgram(program).isPresent();
        if (!found) {
            throw new Refusal("verify " + Refusal.quoted(name) + " runs `" + program + "`, which is not installed here"
                    + (program.contains("/") ? " (not an executable file in " + dir + ")" : " (not on PATH)"));
        }
        int fixes = fixAttempts == null ? 0 : fixAttempts;
        return new VerifySpec(argv, name, fixes, config.verifyTimeoutMinutes());
    }

    /**
     * The check named, or, when none is, auto where the build files say how (a plan's tasks, whose
     * task files tell the agent to run it, and a best-of-N group's attempts); none elsewhere.
     */
    @Override
    public VerifySpec orAuto(String name, Integer fixAttempts, Path dir) {
        if (name == null && fixAttempts != null && fixAttempts > 0) {
            // fix rounds asked for: without a check here they would be dropped without a word
            try {
                return resolve("auto", fixAttempts, dir);
            } catch (Refusal none) {
                throw new Refusal("fix_attempts needs a check: " + none.getMessage());
            }
        }
        if (name == null) {
            return config.verify().containsKey("auto") || VerifyCommand.argv(dir).isPresent()
                    ? resolveQuietly(fixAttempts, dir) : null;
        }
        return resolve(name, fixAttempts, dir);
    }

    /** auto for a call that did not ask: a build tool missing here means no check rather than a refusal. */
    private VerifySpec resolveQuietly(Integer fixAttempts, Path dir) {
        try {
            return resolve("auto", fixAttempts, dir);
        } catch (Refusal notRunnableHere) {
            return null;
        }
    }

    @Override
    public java.util.Optional<String> detected(Path dir) {
        return VerifyCommand.of(dir);
    }
}
