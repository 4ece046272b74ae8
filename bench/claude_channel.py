#!/usr/bin/env python3
"""Drives the real claude over its stream-json stdin/stdout against the mock Anthropic API and logs every line
both ways with ms since spawn (docs/agent-channels.md; the fixtures claude-channel-*.transcript are its output).

usage: bench/claude_channel.py MODE OUTDIR, with $MOCK the mock's base URL and $CLAUDE the claude binary;
MODE: allow | deny (the permission request answered so) | steer (a user message 1 s into a tool call) |
interrupt (an interrupt 1 s into a tool call, then a message) | interrupt_end (an interrupt, then stdin closed).
$PM sets --permission-mode (default acceptEdits). Start the mock with, for a command that asks:
  java -cp target/classes:target/test-classes:$(cat target/test.classpath) dev.bgagents.bench.MockAnthropicServe \
      OUTDIR/mock.jsonl run "touch /elsewhere/x" "Done: ran it." > OUTDIR/url &
"""
import json, os, subprocess, sys, threading, time
mode, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
home = os.path.join(out, "home"); os.makedirs(home, exist_ok=True)
env = dict(os.environ, HOME=home, ANTHROPIC_BASE_URL=os.environ["MOCK"], ANTHROPIC_API_KEY="sk-ant-mock",
           CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", CLAUDE_CODE_MAX_RETRIES="1",
           CLAUDE_CONFIG_DIR=os.path.join(home, ".claude"))
for k in ("CLAUDECODE", "CLAUDE_CODE_ENTRYPOINT", "CLAUDE_CODE_SSE_PORT"): env.pop(k, None)
pm = os.environ.get("PM", "acceptEdits")
argv = [os.environ["CLAUDE"], "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose",
        "--permission-prompt-tool", "stdio", "--permission-mode", pm]
work = os.path.join(out, "work"); os.makedirs(work, exist_ok=True)
t0 = time.time()
p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(os.path.join(out, "stderr"), "w"), cwd=work, env=env)
log = open(os.path.join(out, "transcript"), "w")
raw = open(os.path.join(out, "stdout.jsonl"), "w")
def ms(): return int((time.time() - t0) * 1000)
def send(obj):
    line = json.dumps(obj)
    log.write(f"{ms():6d} >> {line}\n"); log.flush()
    p.stdin.write((line + "\n").encode()); p.stdin.flush()
def user(text): send({"type": "user", "message": {"role": "user", "content": text}})
user(os.environ.get("PROMPT", "Run the command."))
results = 0

def later(sec, fn):
    threading.Timer(sec, fn).start()
for line in p.stdout:
    s = line.decode().rstrip("\n")
    raw.write(s + "\n"); raw.flush()
    log.write(f"{ms():6d} << {s[:600]}\n"); log.flush()
    try: m = json.loads(s)
    except Exception: continue
    t = m.get("type")
    if t == "control_request" and m["request"].get("subtype") == "can_use_tool":
        rid, inp = m["request_id"], m["request"]["input"]
        if mode in ("allow", "steer", "interrupt", "steer_after"):
            resp = {"behavior": "allow", "updatedInput": inp}
        elif mode == "deny":
            resp = {"behavior": "deny", "message": "denied by the person: not now"}
        send({"type": "control_response", "response": {"subtype": "success", "request_id": rid, "response": resp}})
    elif t == "assistant" and any(c.get("type") == "tool_use" for c in m["message"]["content"]):
        if mode == "steer":
            later(1.0, lambda: user("STEER: also say banana"))
        if mode in ("interrupt", "interrupt_end"):
            later(1.0, lambda: send({"type": "control_request", "request_id": "int-1", "request": {"subtype": "interrupt"}}))
    elif t == "result":
        results += 1
        if mode == "interrupt_end":
            p.stdin.close()
        elif mode == "interrupt" and results == 1:
            later(0.5, lambda: user("AFTER-INTERRUPT: go on"))
        elif mode == "interrupt" and results == 2:
            p.stdin.close()
        elif mode == "steer" and results < 2:
            later(6.0, lambda: p.stdin.closed or p.stdin.close())  # wait: the queued message should start another turn
        else:
            log.write(f"{ms():6d} -- closing stdin\n"); log.flush()
            p.stdin.close()
rc = p.wait()
log.write(f"{ms():6d} -- exit {rc}\n"); log.close()
