package dev.bgagents.relay;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a job's launch tells its relay, as arguments: {@code --channel <dir> [--ask] [--approval-seconds <n>]
 * -- <claude's argv>}. The approval timeout, when not given, is {@value #TIMEOUT_ENV} from the environment,
 * else {@value #DEFAULT_SECONDS} s.
 *
 * @param ask whether the job's permissions are {@code ask}: its requests go to a person
 */
record RelayOptions(Path channel, boolean ask, Duration approvalTimeout, List<String> argv) {
    static final String TIMEOUT_ENV = "BG_AGENTS_APPROVAL_SECONDS";
    static final long DEFAULT_SECONDS = 300;

    RelayOptions {
        argv = List.copyOf(argv);
    }

    static RelayOptions parse(List<String> args, Map<String, String> env) {
        Path channel = null;
        boolean ask = false;
        Long seconds = null;
        int i = 0;
        for (; i < args.size() && !args.get(i).equals("--"); i++) {
            switch (args.get(i)) {
                case "--channel" -> channel = Path.of(value(args, ++i));
                case "--ask" -> ask = true;
                case "--approval-seconds" -> seconds = Long.parseLong(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown relay option " + args.get(i));
            }
        }
        List<String> argv = new ArrayList<>(args.subList(Math.min(i + 1, args.size()), args.size()));
        if (channel == null || argv.isEmpty()) {
            throw new IllegalArgumentException("usage: relay --channel <dir> [--ask] [--approval-seconds <n>] -- <argv>");
        }
        if (seconds == null) {
            String fromEnv = env.get(TIMEOUT_ENV);
            seconds = fromEnv == null || fromEnv.isBlank() ? DEFAULT_SECONDS : Long.parseLong(fromEnv.strip());
        }
        return new RelayOptions(channel, ask, Duration.ofSeconds(Math.max(1, seconds)), argv);
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }
}
