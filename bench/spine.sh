#!/usr/bin/env bash
# Prints the spine's timings (medians over repeated runs). Usage: bench/spine.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
exec java -cp target/bg-agents.jar:target/test-classes dev.bgagents.bench.SpineBench "${1:-10}"
