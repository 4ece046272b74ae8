#!/usr/bin/env bash
# A stand-in for `opencode run --format json` whose model server answers 429 after two steps: two
# step_finish events of 1000 input / 100 output tokens each (2,200 spent, as opencode reports them
# while it runs), then the APIError event opencode prints for a 429, exit 1. Arguments and prompt
# are ignored.
set -u
session="ses_standin$$"
for step in 1 2; do
  printf '{"type":"step_start","sessionID":"%s","part":{"type":"step-start"}}\n' "$session"
  printf '{"type":"text","sessionID":"%s","part":{"type":"text","text":"step %s"}}\n' "$session" "$step"
  printf '{"type":"step_finish","sessionID":"%s","part":{"type":"step-finish","reason":"tool-calls","tokens":{"input":1000,"output":100},"cost":0}}\n' "$session"
  sleep 0.3
done
printf '{"type":"error","sessionID":"%s","error":{"name":"APIError","data":{"message":"Too Many Requests","statusCode":429,"isRetryable":true}}}\n' "$session"
exit 1
