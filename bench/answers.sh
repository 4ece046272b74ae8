#!/usr/bin/env bash
# Answer sizes: what one spawn -> wait -> summary round trip costs the host, for a 20 MB job and a normal one,
# through the tools and as an MCP task.
# Usage: bench/answers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.AnswersBench
