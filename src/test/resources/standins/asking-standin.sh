#!/usr/bin/env bash
# A stand-in agent for the person-in-the-loop tests (PersonInTheLoopIT): it starts, then waits in
# silence — as an agent does while its relay holds a permission request open — until the test,
# standing in for the job-side relay, passes on the person's answer as relay-said.txt in its cwd;
# it ends with that answer as its final message (exit 0). After 120 s without one it fails (exit 3).
set -u
session=$(cat /proc/sys/kernel/random/uuid)
printf '{"type":"system","subtype":"init","cwd":"%s","session_id":"%s","model":"stand-in"}\n' "$PWD" "$session"
printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"rm -rf build"}}]},"session_id":"%s"}\n' "$session"
for _ in $(seq 1200); do
  if [ -f relay-said.txt ]; then
    said=$(tr -d '"\\\n' < relay-said.txt)
    printf '{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"the relay said: %s","session_id":"%s","total_cost_usd":0.001,"usage":{"input_tokens":10,"output_tokens":5},"terminal_reason":"completed"}\n' "$said" "$session"
    exit 0
  fi
  sleep 0.1
done
echo "no answer came" >&2
exit 3
