#!/usr/bin/env bash
# The server's peak memory while agents print a lot (30 x 20 MB, 200 MB, a 100 MB line), through bin/bg-agents.
# Usage: bench/footprint.sh [launcher|java-jar] [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.FootprintBench "$@"
