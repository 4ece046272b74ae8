#!/usr/bin/env bash
# The fault suite: kill -9 rounds, fuzzed tool calls, raw stdin lines, three racing servers, the red team's attacks.
# Usage: bench/faults.sh [JAR]   (default target/bg-agents.jar)
# Env: KILL_ROUNDS (100), FUZZ_CALLS (10000), RACE_OPS (50), RED_TEAM_TRIES (2), RED_TEAM_ITEMS (all),
#      FAULTS_SEED (random per part).
# Prints each part's output, then one summary table, also written to target/faults.txt
# (each part's full output goes to target/faults/<part>.txt).
set -uo pipefail
cd "$(dirname "$0")/.."
JAR="${1:-target/bg-agents.jar}"
if [ ! -f "$JAR" ]; then echo "no jar at $JAR" >&2; exit 2; fi
JAR="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
mkdir -p target/faults
SEED=()
[ -n "${FAULTS_SEED:-}" ] && SEED=(--seed "$FAULTS_SEED")

declare -a NAMES FIGS TIMES
run_part() {  # name, summary-line pattern, command...
  local name="$1" pat="$2"; shift 2
  local out="target/faults/$name.txt" t0 t1 rc fig
  echo "== $name: $*"
  t0=$(date +%s)
  "$@" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  t1=$(date +%s)
  fig=$(grep -E "$pat" "$out" | tail -1)
  [ -z "$fig" ] && fig="NO FIGURE (exit $rc; see $out)"
  NAMES+=("$name"); FIGS+=("$fig"); TIMES+=("$((t1 - t0))s")
  echo
}

run_part kill_rounds '^kill rounds: ' python3 bench/faults/kill_rounds.py "$JAR" --rounds "${KILL_ROUNDS:-100}" "${SEED[@]}"
run_part fuzz_calls '^tool calls: ' python3 bench/faults/fuzz_calls.py "$JAR" --calls "${FUZZ_CALLS:-10000}" "${SEED[@]}"
run_part stdin_kinds 'kinds end the session$' python3 bench/repro/stdin_kinds.py "$JAR"
run_part races '^races: ' python3 bench/faults/races.py "$JAR" --ops "${RACE_OPS:-50}" "${SEED[@]}"
RT_ITEMS=()
[ -n "${RED_TEAM_ITEMS:-}" ] && RT_ITEMS=(--items "$RED_TEAM_ITEMS")
run_part red_team '^red team: ' python3 bench/faults/red_team.py "$JAR" --tries "${RED_TEAM_TRIES:-2}" "${RT_ITEMS[@]}" "${SEED[@]}"

{
  echo "bg-agents fault suite, $(date -u +%Y-%m-%dT%H:%M:%SZ), jar $JAR ($(sha256sum "$JAR" | cut -c1-12))"
  printf '%-12s %8s  %s\n' part runtime figures
  for i in "${!NAMES[@]}"; do
    printf '%-12s %8s  %s\n' "${NAMES[$i]}" "${TIMES[$i]}" "${FIGS[$i]}"
  done
} | tee target/faults.txt
