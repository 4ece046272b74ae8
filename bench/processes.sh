#!/usr/bin/env bash
# The two process controls side by side: a process-table look, an identity check, launch and cancel.
# Usage: bench/processes.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.ProcessTableBench "${1:-20}"
