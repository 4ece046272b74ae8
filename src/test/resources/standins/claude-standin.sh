#!/usr/bin/env bash
# A stand-in for `claude -p --output-format stream-json --verbose` used by the integration tests.
# It takes claude's flags, reads the prompt from the last argument or stdin, and behaves as the
# prompt says:
#   write NAME          write NAME in the cwd (default hello.txt) and succeed; FILE:<path to end of line>
#                       names a path with spaces, CONTENT:<word> sets the content, COMMIT makes the agent
#                       commit it itself, LEFTOVER:<name> also leaves an uncommitted file
#   MODE:span=N         append "start <ns>" to $SPANS, sleep N s, append "end <ns>", succeed (overlap counted by tests)
#   MODE:many=N         write many/1.txt … many/N.txt in the cwd (new, or changed from an earlier job's), succeed
#   MODE:sleep=N        print the init line, stay silent N seconds, succeed
#   MODE:tally=N        append a line to tally.txt in the cwd (one per run of the agent), sleep N s, succeed
#   MODE:tick=N         print a line every 0.2 s for N seconds, succeed
#   MODE:hang           print the init line, then nothing, forever
#   MODE:crash          print the init line, an error on stderr, exit 3
#   MODE:flood=MB       print MB megabytes of output, then succeed
#   MODE:ignore-term    ignore SIGTERM (and so do its children), run forever
#   MODE:grandchild     leave a grandchild in the group and one in a session of its own, run forever
#   MODE:echo-prompt    save the exact prompt bytes to prompt-received.bin, succeed
#   MODE:nofinal        exit 0 without a result line (a cut-off run)
#   MODE:leave-behind   start a background sleeper that outlives it, then succeed
#   MODE:report=KB      a final message of KB kilobytes that starts with secrets (an sk- key, $MY_SERVICE_TOKEN)
#   MODE:bigjob         20 MB of output, then a 200 KB final report
#   MODE:escape         start three sleepers that leave the job's session (setsid &, setsid -f, ( setsid & )),
#                       write their pids to escaped.pids, succeed
#   MODE:escape-hang    the same, then run until killed
#   MODE:controls       colours, a bell and a title change on stdout and in the final message
#   REQUIRE:<path>      (with write) fail with exit 3 unless <path> exists in the cwd: work it builds on
#   MODE:jsonflood=MB   print MB megabytes of stream-json (1 KiB assistant text events, the same each), succeed
#   MODE:longline=MB    print one line of MB megabytes with no newline at all, exit 0 (no result: a cut-off run)
#   MODE:work=N         say, run "npm test" (fails, exit 1), write fix.txt, say; N seconds between steps
#   MODE:ports=N        write "$PORT $BG_AGENTS_PORT_BASE $BG_AGENTS_PORT_COUNT" (each empty when unset) to
#                       ports-$BG_AGENTS_JOB.txt, sleep N s, succeed
#   MODE:spend=N        write spent.txt, then N assistant messages 0.3 s apart, each its own message id with
#                       message.usage 1000 in / 100 out (so 1100 tokens more each), then succeed
#   MODE:stamp=N        sleep N seconds, succeed, and as its very last act write the time (ns) to exit-stamp
#   MODE:steps=N        N steps 0.5 s apart, each a Bash call (tool_use, then its tool_result) appending
#                       "step i" to steps.txt: a run with a turn boundary every half second, to be steered
#   MODE:ratelimited    what real claude 2.1.197 prints when its model server answers 429 (a retry line, the
#                       synthetic "API Error" message, a result with is_error and api_error_status 429), exit 1 —
#                       unless $STANDIN_NOT_LIMITED is set: then it goes on as the prompt's next MODE: says, or
#                       as if there were none (a second provider running this script with that variable is not
#                       limited); with LEFTOVER:<name> it first leaves that file (an attempt that did some work)
# STANDIN_CONTENT in its environment overrides CONTENT: (providers configured to do the task differently).
# Resumed (--resume ID) it keeps that session id. Told that its work "does not pass the project's
# check" (a fix round), it appends the prompt to fix-prompts.txt, sleeps $STANDIN_FIX_SLEEP seconds
# (default 0) and writes "fixed" to state.txt. Told a steering message (the server's "sent a message" prompt),
# it appends the prompt to steer-prompts.txt, writes "steered" to steered.txt and succeeds.
# A conflict prompt (the server's, starting "Resolve the merge conflicts of") resolves the files it names
# as the task's RESOLVE: word says: RESOLVE:both (the default) keeps both sides' lines, markers dropped,
# and commits the merge; RESOLVE:markers commits the files as git left them; RESOLVE:uncommitted
# resolves like both but commits nothing.
# A review prompt (the server's, starting "# Review of job") overrides all of the above: it copies the
# prompt to $STANDIN_REVIEW.prompt, answers with the text of the file $STANDIN_REVIEW (default
# "VERDICT: approve") as its final message, and changes nothing in the cwd.
set -u
prompt=""
have_prompt=0
resumed=""
while [ $# -gt 0 ]; do
  case "$1" in
    --resume) resumed="$2"; shift 2 ;;
    --output-format|--permission-mode|--model|--allowedTools|--max-turns|--setting-sources) shift 2 ;;
    -p|--verbose|--dangerously-skip-permissions|--strict-mcp-config) shift ;;
    *) prompt="$1"; have_prompt=1; shift ;;
  esac
done
if [ "$have_prompt" = 0 ]; then
  prompt_file=$(mktemp)
  cat > "$prompt_file"
else
  prompt_file=$(mktemp)
  printf '%s' "$prompt" > "$prompt_file"
fi
session="${resumed:-$(cat /proc/sys/kernel/random/uuid)}"
say_init() {
  printf '{"type":"system","subtype":"init","cwd":"%s","session_id":"%s","model":"stand-in"}\n' "$PWD" "$session"
}
say_text() {
  printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"%s"}]},"session_id":"%s"}\n' "$1" "$session"
}
say_result() {
  printf '{"type":"result","subtype":"success","is_error":false,"num_turns":1,"result":"%s","session_id":"%s","total_cost_usd":0.0012,"usage":{"input_tokens":100,"output_tokens":20},"terminal_reason":"completed"}\n' "$1" "$session"
}
if head -n1 "$prompt_file" | grep -q '^# Review of job '; then
  say_init
  answer="VERDICT: approve"
  if [ -n "${STANDIN_REVIEW:-}" ]; then
    cp "$prompt_file" "$STANDIN_REVIEW.prompt"
    [ -f "$STANDIN_REVIEW" ] && answer=$(cat "$STANDIN_REVIEW")
  fi
  say_text "Reviewing the diff."
  say_result "$(printf '%s' "$answer" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
    | awk 'BEGIN{ORS=""} {if (NR>1) print "\\n"; print}')"
  exit 0
fi
if head -n1 "$prompt_file" | grep -q '^Resolve the merge conflicts of '; then
  say_init
  how=$(grep -o 'RESOLVE:[a-z]*' "$prompt_file" | head -n1)
  sed -n '/git left conflict markers in:/,/^$/s/^- //p' "$prompt_file" > "$prompt_file.files"
  if [ "$how" != RESOLVE:markers ]; then
    while IFS= read -r f; do
      grep -v -e '^<<<<<<< ' -e '^=======$' -e '^>>>>>>> ' "$f" > "$f.resolved"; mv "$f.resolved" "$f"
    done < "$prompt_file.files"
  fi
  if [ "$how" != RESOLVE:uncommitted ]; then
    git add -A && git -c user.name=standin -c user.email=standin@invalid commit -q --no-edit -m "Resolve the conflicts"
  fi
  say_result "Resolved the conflicts ($how)."
  exit 0
fi
mode=$(grep -o 'MODE:[a-z-]*\(=[0-9]*\)\?' "$prompt_file" | head -n1)
if grep -q "does not pass the project's check" "$prompt_file"; then
  mode=FIX
fi
if grep -q "the person who gave you this task sent a message" "$prompt_file"; then
  mode=STEERED
fi
if [ "$mode" = MODE:ratelimited ] && [ -n "${STANDIN_NOT_LIMITED:-}" ]; then
  mode=$(grep -o 'MODE:[a-z-]*\(=[0-9]*\)\?' "$prompt_file" | sed -n 2p)
fi
case "$mode" in
  FIX)
    say_init; cat "$prompt_file" >> fix-prompts.txt; sleep "${STANDIN_FIX_SLEEP:-0}"; echo fixed > state.txt
    say_result "Fixed state.txt." ;;
  STEERED)
    say_init; cat "$prompt_file" >> steer-prompts.txt; echo steered > steered.txt; say_result "Steered." ;;
  MODE:steps=*)
    say_init; i=1
    while [ "$i" -le "${mode#MODE:steps=}" ]; do
      printf '{"type":"assistant","message":{"id":"msg_s%s","role":"assistant","content":[{"type":"tool_use","id":"toolu_s%s","name":"Bash","input":{"command":"echo step %s >> steps.txt"}}]},"session_id":"%s"}\n' "$i" "$i" "$i" "$session"
      echo "step $i" >> steps.txt
      printf '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_s%s","type":"tool_result","content":"ok"}]},"session_id":"%s"}\n' "$i" "$session"
      sleep 0.5; i=$((i + 1))
    done
    say_result "Did ${mode#MODE:steps=} steps." ;;
  MODE:spend=*)
    echo "spent" > spent.txt; say_init; i=1
    while [ "$i" -le "${mode#MODE:spend=}" ]; do
      printf '{"type":"assistant","message":{"id":"msg_%s","role":"assistant","content":[{"type":"text","text":"step %s"}],"usage":{"input_tokens":1000,"output_tokens":100}},"session_id":"%s"}\n' "$i" "$i" "$session"
      sleep 0.3; i=$((i + 1))
    done
    say_result "Spent." ;;
  MODE:tally=*)
    echo "ran as $$" >> tally.txt; say_init; sleep "${mode#MODE:tally=}"; say_result "Tallied." ;;
  MODE:many=*)
    say_init; mkdir -p many; i=1
    while [ "$i" -le "${mode#MODE:many=}" ]; do echo "$session $i" > "many/$i.txt"; i=$((i + 1)); done
    say_result "Wrote ${mode#MODE:many=} files." ;;
  MODE:span=*)
    echo "start $(date +%s%N)" >> "$SPANS"; say_init; sleep "${mode#MODE:span=}"
    echo "end $(date +%s%N)" >> "$SPANS"; say_result "Spanned." ;;
  MODE:sleep=*)
    say_init; sleep "${mode#MODE:sleep=}"; say_text "slept"; say_result "Slept as asked." ;;
  MODE:tick=*)
    say_init
    end=$(( $(date +%s) + ${mode#MODE:tick=} ))
    while [ "$(date +%s)" -lt "$end" ]; do say_text "tick"; sleep 0.2; done
    say_result "Ticked." ;;
  MODE:hang)
    say_init; exec sleep 100000 ;;
  MODE:crash)
    say_init; echo "fatal: stand-in crashed on purpose" >&2; exit 3 ;;
  MODE:flood=*)
    say_init
    mb=${mode#MODE:flood=}
    head -c $(( mb * 1024 * 1024 )) /dev/zero | tr '\0' 'x' | fold -w 1023; echo
    say_result "Flooded ${mb} MB." ;;
  MODE:ignore-term)
    trap '' TERM
    say_init
    while :; do sleep 1; done ;;
  MODE:grandchild)
    say_init
    ( sleep 100000 & echo $! > grandchild.pid )
    setsid sleep 100001 &
    echo $! > escaped.pid
    wait ;;
  MODE:echo-prompt)
    say_init; cp "$prompt_file" prompt-received.bin; say_result "Saved the prompt." ;;
  MODE:report=*)
    say_init
    say_text "checking auth with Bearer abcdefghijklmnopqrstuvwxyz012345"
    filler=$(head -c $(( ${mode#MODE:report=} * 1024 )) /dev/zero | tr '\0' 'r')
    say_result "Found key sk-ant-api03-abcdefghijklmnopqrstuv and token ${MY_SERVICE_TOKEN:-none}. $filler END-OF-REPORT" ;;
  MODE:escape|MODE:escape-hang)
    say_init
    setsid sleep 100003 & echo $! > escaped.pids
    setsid -f sh -c 'echo $$ >> escaped.pids; exec sleep 100004'
    ( setsid sh -c 'echo $$ >> escaped.pids; exec sleep 100005' & )
    while [ "$(wc -l < escaped.pids)" -lt 3 ]; do sleep 0.05; done
    if [ "$mode" = MODE:escape-hang ]; then exec sleep 100006; fi
    say_result "Started three that left the session." ;;
  MODE:controls)
    say_init; printf '\033[1;31mraw colour\033[0m\a\033]0;title\a\n'
    say_result 'Build \u001b[32mOK\u001b[0m\u0007 and \u001b]0;owned\u0007done\r\nnext line' ;;
  MODE:bigjob)
    say_init
    head -c $(( 20 * 1024 * 1024 )) /dev/zero | tr '\0' 'x' | fold -w 1023; echo
    filler=$(head -c $(( 200 * 1024 )) /dev/zero | tr '\0' 'r')
    say_result "Report: all 42 modules audited. $filler END-OF-REPORT" ;;
  MODE:ports=*)
    echo "${PORT-} ${BG_AGENTS_PORT_BASE-} ${BG_AGENTS_PORT_COUNT-}" > "ports-$BG_AGENTS_JOB.txt"; say_init
    sleep "${mode#MODE:ports=}"; say_result "Noted my ports." ;;
  MODE:stamp=*)
    say_init; sleep "${mode#MODE:stamp=}"; say_result "Stamped."
    rm -f "$prompt_file"; date +%s%N > exit-stamp.tmp; mv exit-stamp.tmp "exit-stamp-$session"; exit 0 ;;
  MODE:leave-behind)
    say_init; sleep 100002 & echo $! > left.pid; say_result "Left a process behind." ;;
  MODE:jsonflood=*)
    say_init
    text=$(head -c 960 /dev/zero | tr '\0' 'j')
    line=$(printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"text","text":"%s"}]},"session_id":"flood"}' "$text")
    yes "$line" | head -n $(( ${mode#MODE:jsonflood=} * 1024 * 1024 / (${#line} + 1) ))
    say_result "Flooded ${mode#MODE:jsonflood=} MB of stream-json." ;;
  MODE:longline=*)
    say_init
    head -c $(( ${mode#MODE:longline=} * 1024 * 1024 )) /dev/zero | tr '\0' 'L' ;;
  MODE:work=*)
    step=${mode#MODE:work=}
    say_init; say_text "Looking at the tests first."; sleep "$step"
    printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_b1","name":"Bash","input":{"command":"npm test"}}]},"session_id":"%s"}\n' "$session"
    sleep "$step"
    printf '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_b1","type":"tool_result","is_error":true,"content":"Exit code 1\\nnpm ERR! 2 tests failed"}]},"session_id":"%s"}\n' "$session"
    printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_w1","name":"Write","input":{"file_path":"%s/fix.txt","content":"fixed"}}]},"session_id":"%s"}\n' "$PWD" "$session"
    echo fixed > fix.txt; sleep "$step"
    say_result "Fixed the failing tests." ;;
  MODE:ratelimited)
    say_init
    leftover=$(grep -o 'LEFTOVER:[^ ]*' "$prompt_file" | head -n1 | cut -c10-)
    [ -z "$leftover" ] || printf 'partial\n' > "$leftover"
    printf '{"type":"system","subtype":"api_retry","attempt":1,"max_retries":1,"retry_delay_ms":511.4,"error_status":429,"error":"rate_limit","session_id":"%s"}\n' "$session"
    printf '{"type":"assistant","message":{"model":"<synthetic>","role":"assistant","stop_reason":"stop_sequence","content":[{"type":"text","text":"API Error: Request rejected (429) · Number of requests has exceeded your rate limit"}]},"parent_tool_use_id":null,"session_id":"%s","error":"rate_limit"}\n' "$session"
    printf '{"type":"result","subtype":"success","is_error":true,"api_error_status":429,"duration_ms":697,"duration_api_ms":0,"num_turns":1,"result":"API Error: Request rejected (429) · Number of requests has exceeded your rate limit","stop_reason":"stop_sequence","session_id":"%s","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},"modelUsage":{},"permission_denials":[],"terminal_reason":"completed"}\n' "$session"
    rm -f "$prompt_file"; exit 1 ;;
  MODE:nofinal)
    say_init; say_text "working on it" ;;
  *)
    name=$(grep -o 'FILE:.*' "$prompt_file" | head -n1 | cut -c6-)
    [ -n "$name" ] || name=$(grep -o 'write [A-Za-z0-9._/-]*' "$prompt_file" | head -n1 | cut -c7-)
    name=${name:-hello.txt}
    content=$(grep -o 'CONTENT:[^ ]*' "$prompt_file" | head -n1 | cut -c9-)
    content=${STANDIN_CONTENT:-${content:-hello}}
    required=$(grep -o 'REQUIRE:[^ ]*' "$prompt_file" | head -n1 | cut -c9-)
    if [ -n "$required" ] && [ ! -f "$required" ]; then
      say_init; echo "stand-in: $required is missing in $PWD" >&2; rm -f "$prompt_file"; exit 3
    fi
    say_init
    say_text "I'll create the file."
    printf '{"type":"assistant","message":{"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"%s/%s","content":"hello\\n"}}]},"session_id":"%s"}\n' "$PWD" "$name" "$session"
    mkdir -p "$(dirname "$name")"; printf '%s\n' "$content" > "$name"
    if grep -q 'COMMIT' "$prompt_file"; then
      git add -A >/dev/null && git -c user.name=agent -c user.email=agent@x.invalid commit -qm "agent: wrote $name" >/dev/null
    fi
    leftover=$(grep -o 'LEFTOVER:[^ ]*' "$prompt_file" | head -n1 | cut -c10-)
    [ -z "$leftover" ] || printf 'left over\n' > "$leftover"
    printf '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"File created successfully"}]},"session_id":"%s"}\n' "$session"
    say_result "Done: wrote $name." ;;
esac
rm -f "$prompt_file"
