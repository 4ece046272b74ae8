#!/usr/bin/env bash
# Plans of 10, 50 and 200 tasks: decompose_plan, the whole plan against as many independent jobs, the hand-off.
# Usage: bench/plans.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.PlanBench "${1:-3}"
