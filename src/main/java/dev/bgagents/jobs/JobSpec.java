package dev.bgagents.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was asked for, fixed when the job is created.
 *
 * @param title          the prompt's first line, for one-line listings
 * @param argv           the exact command line (prompt included when passed as an argument)
 * @param promptOnStdin  the prompt file is the agent's stdin (else stdin is /dev/null)
 * @param env            variables the CLI adapter adds (never secrets: those come from the config at launch)
 * @param unsetEnv       inherited variables removed before launch
 * @param resumeOf       the job whose session this one continues, or null
 * @param dependsOn      jobs that must succeed before this one starts; if one does not, this one is cancelled
 * @param plan           the plan session this job runs a task of, or null
 * @param planTask       that task's id
 */
public record JobSpec(String id, String provider, String title, String workdir, String model,
                      String permissions, List<String> argv, boolean promptOnStdin, Map<String, String> env,
                      List<String> unsetEnv, double timeoutMinutes, double stallMinutes, Instant createdAt,
                      String resumeOf, List<String> dependsOn, String plan, String planTask) {
    public JobSpec {
        argv = List.copyOf(argv);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        env = env == null ? Map.of() : Map.copyOf(env);
        unsetEnv = unsetEnv == null ? List.of() : List.copyOf(unsetEnv);
    }

    public JobSpec(String id, String provider, String title, String workdir, String model, String permissions,
                   List<String> argv, boolean promptOnStdin, Map<String, String> env, List<String> unsetEnv,
                   double timeoutMinutes, double stallMinutes, Instant createdAt, String resumeOf) {
        this(id, provider, title, workdir, model, permissions, argv, promptOnStdin, env, unsetEnv, timeoutMinutes,
                stallMinutes, createdAt, resumeOf, List.of(), null, null);
    }
}
