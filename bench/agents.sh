#!/usr/bin/env bash
# Per-CLI figures: spawn -> succeeded against mock model servers, raw output vs summary size.
# Needs the CLIs in .tools/ (npm install --prefix .tools ..., as .ci/run does). Usage: bench/agents.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.AgentsBench "${1:-5}"
