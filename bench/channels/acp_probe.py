# drives an ACP agent (`gemini --acp`, `opencode acp`) over stdio: initialize, session/new, session/prompt;
# answers its session/request_permission with allow_once or reject_once.  acp_probe.py gemini|opencode PORT allow|deny
import os
OUT = os.environ.get('PROBE_OUT', '/tmp/bg-probe'); os.makedirs(OUT, exist_ok=True)
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.tools', 'node_modules', '.bin')
import json, os, subprocess, sys, time, threading
cli, port, decision = sys.argv[1], sys.argv[2], sys.argv[3]
# each CLI pointed at its scripted model, in a home of its own, asking before its shell runs
home = f'{OUT}/{cli}-home'; os.makedirs(home, exist_ok=True)
work = f'{OUT}/{cli}-work-{decision}'; os.makedirs(work, exist_ok=True)
if cli == 'gemini':
    os.makedirs(home + '/.gemini', exist_ok=True)
    open(home + '/.gemini/settings.json', 'w').write('{"security":{"auth":{"selectedType":"gemini-api-key"}}}')
    env = dict(os.environ, HOME=home, GOOGLE_GEMINI_BASE_URL='http://127.0.0.1:' + port, GEMINI_API_KEY='k')
    argv = [BIN + '/gemini', '--acp', '-m', 'gemini-2.5-pro']
else:
    cfg = {"$schema": "https://opencode.ai/config.json", "model": "mock/claude-mock", "small_model": "mock/claude-mock",
           "autoupdate": False, "share": "disabled", "permission": {"bash": "ask", "edit": "ask"},
           "provider": {"mock": {"npm": "@ai-sdk/anthropic", "name": "mock",
                                 "options": {"baseURL": f"http://127.0.0.1:{port}/v1", "apiKey": "k"},
                                 "models": {"claude-mock": {"name": "claude-mock"}}}}}
    open(home + '/opencode.json', 'w').write(json.dumps(cfg))
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + '/.config', XDG_DATA_HOME=home + '/.local/share',
               XDG_STATE_HOME=home + '/.local/state', XDG_CACHE_HOME=home + '/.cache', OPENCODE_CONFIG=home + '/opencode.json',
               OPENCODE_DISABLE_MODELS_FETCH='1', OPENCODE_DISABLE_AUTOUPDATE='1')
    argv = [BIN + '/opencode', 'acp']
p = subprocess.Popen(argv, cwd=work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=open(f'{OUT}/{cli}-stderr-{decision}', 'w'), text=True)
t0 = time.time(); n = [0]
def send(o): p.stdin.write(json.dumps(o) + "\n"); p.stdin.flush()
def req(method, params): n[0] += 1; send({"jsonrpc": "2.0", "id": n[0], "method": method, "params": params}); return n[0]
out = open(f'{OUT}/{cli}-out-{decision}.jsonl', 'w')
pending = {}
def reader():
    for line in p.stdout:
        out.write(line); out.flush()
        m = json.loads(line)
        if m.get('method') == 'session/request_permission':
            opts = m['params']['options']
            kind = 'allow_once' if decision == 'allow' else 'reject_once'
            oid = [o['optionId'] for o in opts if o['kind'] == kind][0]
            print(f"{time.time()-t0:.1f}s permission asked: {json.dumps(m['params']['toolCall'])[:200]} options={[o['kind'] for o in opts]}", flush=True)
            send({"jsonrpc": "2.0", "id": m['id'], "result": {"outcome": {"outcome": "selected", "optionId": oid}}})
        elif 'id' in m and 'method' not in m:
            pending[m['id']] = m
threading.Thread(target=reader, daemon=True).start()
def wait(i, limit=60):
    end = time.time() + limit
    while i not in pending and time.time() < end: time.sleep(0.05)
    return pending.get(i)
r = wait(req("initialize", {"protocolVersion": 1, "clientCapabilities": {"fs": {"readTextFile": False, "writeTextFile": False}}}))
print(f"{time.time()-t0:.1f}s initialize: {json.dumps(r)[:300]}", flush=True)
r = wait(req("session/new", {"cwd": work, "mcpServers": []}))
print(f"{time.time()-t0:.1f}s session/new: {json.dumps(r)[:200]}", flush=True)
sid = r['result']['sessionId']
r = wait(req("session/prompt", {"sessionId": sid, "prompt": [{"type": "text", "text": "make a file with the shell"}]}), 120)
print(f"{time.time()-t0:.1f}s prompt result: {json.dumps(r)[:200]}", flush=True)
print("file made:", os.path.exists(work + '/made-by-shell.txt'))
p.stdin.close(); p.wait(timeout=20); print("exit", p.returncode)
