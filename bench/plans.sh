#!/usr/bin/env bash
# A ten-task plan end to end: answer sizes, wall time, dependency hand-off latency.
# Usage: bench/plans.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.PlanBench
