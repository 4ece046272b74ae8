#!/bin/bash
# Probes of the CLIs' interactive channels, each real CLI (.tools, the pinned versions) against a small
# scripted model of its own: codex's app-server (approval, decline, steer mid-turn), gemini's and
# opencode's ACP (permission allowed, rejected). Prints what each step answered and when; the raw
# traffic stays in $PROBE_OUT (default /tmp/bg-probe). Figures: docs/agent-channels.md.
set -u
cd "$(dirname "$0")"
export PROBE_OUT=${PROBE_OUT:-/tmp/bg-probe}
mkdir -p "$PROBE_OUT"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null' EXIT
# starts a mock (not in a subshell, so its pid is kept for the trap); its port goes to $p
serve() {
  rm -f "$PROBE_OUT/$1.port"; python3 "$1" >"$PROBE_OUT/$1.port" & pids+=($!)
  for _ in $(seq 50); do [ -s "$PROBE_OUT/$1.port" ] && break; sleep 0.1; done
  p=$(cat "$PROBE_OUT/$1.port")
}
echo "== codex app-server"; serve responses_mock.py
rm -f "$PROBE_OUT/delay"; for d in allow deny; do echo "-- $d"; timeout 120 python3 codex_app_server.py "$p" "$d"; done
echo 3 >"$PROBE_OUT/delay"; echo "-- steer (the model's second answer takes 3 s)"; timeout 120 python3 codex_app_server.py "$p" steer
rm -f "$PROBE_OUT/delay"
echo "== gemini --acp"; serve gemini_mock.py
for d in allow deny; do echo "-- $d"; timeout 150 python3 acp_probe.py gemini "$p" "$d"; done
echo "== opencode acp"; serve anthropic_mock.py
for d in allow deny; do echo "-- $d"; timeout 150 python3 acp_probe.py opencode "$p" "$d"; done
