#!/usr/bin/env bash
# Worktrees on 5,000 and 50,000 files: spawn until the agent runs vs git worktree add; merge_worktree vs git merge.
# Usage: bench/worktrees.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.WorktreeBench "${1:-5}"
