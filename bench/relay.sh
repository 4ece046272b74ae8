#!/usr/bin/env bash
# The relay's cost to a claude job: spawn → first event and → exit, plain against relayed, and the relay's RSS.
# Usage: bench/relay.sh [runs]   (the real claude from .tools, against the mock Anthropic API)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java -cp "target/classes:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.RelayBench "$@"
