#!/usr/bin/env bash
# How the cost grows with stored jobs (10 to 10,000): server start, job_status, the jobs command.
# Usage: bench/scale.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.ScaleBench "$@"
