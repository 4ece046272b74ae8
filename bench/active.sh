#!/usr/bin/env bash
# spawn_agent and job_status with 0, 10 and 50 agents running. Usage: bench/active.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.ActiveJobsBench "${1:-5}"
