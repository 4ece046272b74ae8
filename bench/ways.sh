#!/usr/bin/env bash
# One task three ways (plain, verified with one fix, best of three) through real Claude Code as host: what its model receives.
# Usage: bench/ways.sh [runs]  (needs .tools/hosts/claude: npm install --prefix .tools/hosts/claude @anthropic-ai/claude-code@2.1.332)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.ThreeWaysBench "$@"
