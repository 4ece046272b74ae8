#!/usr/bin/env bash
# Every benchmark, one table of medians, each beside its baseline measured in the same run;
# printed and written to target/bench/results.md; with BENCH_DOCS=1 and every part run, also into
# docs/benchmarks.md between its <!-- bench:begin --> and <!-- bench:end --> lines.
# Usage: [BENCH_DOCS=1] bench/run.sh [runs] [part ...]   parts: startup footprint spine scale active plans worktrees bootstrap host ways agents processes
# The host and agents parts need the CLIs in .tools/ (as .ci/run installs them); ~25 min for all with 5 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.RunAll "$@"
