#!/usr/bin/env bash
# A five-task plan over claude, codex and gemini through real Claude Code as host: its tool calls and the characters its model receives.
# Usage: bench/plan_host.sh [runs]  (needs .tools/host: npm install --prefix .tools/host @anthropic-ai/claude-code@2.1.328)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.PlanHostBench "$@"
