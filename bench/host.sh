#!/usr/bin/env bash
# Real Claude Code as host: bg-agents tools on the first turn with and without alwaysLoad, their cost per turn, ToolSearch hits.
# Usage: bench/host.sh [runs]; bench/host.sh hosts [runs]: Claude Code, Codex and Gemini CLI each from its shipped snippet
# (needs the hosts .ci/run installs: .tools/hosts/claude, .tools/hosts/codex, gemini in .tools)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.HostBench "$@"
