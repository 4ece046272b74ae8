import os
OUT = os.environ.get('PROBE_OUT', '/tmp/bg-probe'); os.makedirs(OUT, exist_ok=True)
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.tools', 'node_modules', '.bin')
import json, os, subprocess, sys, time, threading
port, decision = sys.argv[1], sys.argv[2]
home = f'/var/tmp/bg-probe-codex-{decision}'; os.makedirs(home, exist_ok=True)
open(home + '/config.toml', 'w').write(f'''model = "gpt-5.5"
model_provider = "mock"
[model_providers.mock]
name = "mock"
base_url = "http://127.0.0.1:{port}/v1"
env_key = "MOCK_API_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
''')
work = f'{OUT}/work-{decision}'; os.makedirs(work, exist_ok=True)
subprocess.run(['git', 'init', '-q', work])
env = dict(os.environ, CODEX_HOME=home, MOCK_API_KEY='sk')
p = subprocess.Popen([BIN + '/codex', 'app-server'], cwd=work, env=env, stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, stderr=open(f'{OUT}/stderr-{decision}', 'w'), text=True)
t0 = time.time(); n = [0]; got = {}; note = []
out = open(f'{OUT}/out-{decision}.jsonl', 'w')
def send(o): p.stdin.write(json.dumps(o) + "\n"); p.stdin.flush()
def req(m, params): n[0] += 1; send({"jsonrpc": "2.0", "id": n[0], "method": m, "params": params}); return n[0]
turn = {}
def reader():
    for line in p.stdout:
        out.write(line); out.flush()
        m = json.loads(line)
        meth = m.get('method', '')
        if 'id' in m and meth:
            print(f"{time.time()-t0:.1f}s server request {meth}: {json.dumps(m['params'])[:260]}", flush=True)
            dec = 'accept' if decision == 'allow' else 'decline'
            send({"jsonrpc": "2.0", "id": m['id'], "result": {"decision": dec}})
        elif 'id' in m:
            got[m['id']] = m
        elif meth in ('turn/started', 'turn/completed'):
            turn[meth] = m['params']; print(f"{time.time()-t0:.1f}s {meth} {json.dumps(m['params'])[:160]}", flush=True)
threading.Thread(target=reader, daemon=True).start()
def wait(i, lim=60):
    e = time.time() + lim
    while i not in got and time.time() < e: time.sleep(0.05)
    return got.get(i)
r = wait(req("initialize", {"clientInfo": {"name": "probe", "version": "0"}}))
print(f"{time.time()-t0:.1f}s initialize {json.dumps(r)[:160]}", flush=True)
send({"jsonrpc": "2.0", "method": "initialized"})
r = wait(req("thread/start", {"cwd": work, "approvalPolicy": "untrusted", "sandbox": "read-only"}))
print(f"{time.time()-t0:.1f}s thread/start {json.dumps(r)[:200]}", flush=True)
tid = r['result']['thread']['id']
r = wait(req("turn/start", {"threadId": tid, "input": [{"type": "text", "text": "make made.txt"}]}))
print(f"{time.time()-t0:.1f}s turn/start {json.dumps(r)[:200]}", flush=True)
turnid = r['result']['turn']['id']
if decision == 'steer':
    time.sleep(1.5)
    r = wait(req("turn/steer", {"threadId": tid, "expectedTurnId": turnid, "input": [{"type": "text", "text": "STEER: use v2"}]}))
    print(f"{time.time()-t0:.1f}s turn/steer {json.dumps(r)[:200]}", flush=True)
e = time.time() + 60
while 'turn/completed' not in turn and time.time() < e: time.sleep(0.1)
print("file made:", os.path.exists(work + '/made.txt'))
p.stdin.close(); p.wait(timeout=20); print('exit', p.returncode)
if decision == 'steer':
    seen = [l for l in open(OUT + '/requests.jsonl') if 'STEER: use v2' in l]
    print(f"model requests carrying the steering message: {len(seen)}")
