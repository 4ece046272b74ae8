#!/usr/bin/env bash
# Worktree bootstrap: spawn until the agent runs with ~550 npm packages reused, installed (npm ci from the
# cache) or absent, alone and beside 50,000 files. BENCH_TMPDIR puts the projects and worktrees on
# another file system (a copy-on-write one: btrfs, xfs with reflink, APFS).
# Usage: [BENCH_TMPDIR=/mnt/xfs] [BENCH_BOOTSTRAP_LARGE=0] bench/bootstrap.sh [runs]   (LARGE=0: without the 50,000 files)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
exec java ${BENCH_TMPDIR:+-Djava.io.tmpdir=$BENCH_TMPDIR} \
    -cp "target/bg-agents.jar:target/test-classes:$(cat target/test.classpath)" dev.bgagents.bench.BootstrapBench "${1:-5}"
