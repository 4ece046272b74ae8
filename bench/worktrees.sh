#!/usr/bin/env bash
# Worktree figures on a 5,000-file repo: git worktree add alone, spawn_agent with a worktree, merge_worktree.
# Usage: bench/worktrees.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.WorktreeBench "${1:-5}"
