#!/usr/bin/env bash
# Start-up: how soon server/discover and tools/list are answered after the process starts, idle and loaded.
# Usage: bench/startup.sh [runs] [busy processes]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.StartupBench "$@"
