import subprocess, json, sys, os, time, tempfile, select
JAR = os.path.abspath(sys.argv[1])
KINDS = {
 "blank": b"\n", "whitespace": b"   \t \n", "hello": b"hello\n", "truncated": b'{"jsonrpc":"2.0","id":9,"method":"tools/li\n',
 "42": b"42\n", "null": b"null\n", "batch": b'[{"jsonrpc":"2.0","id":9,"method":"ping"}]\n', "NaN": b"NaN\n",
 "deep": b"[" * 100000 + b"\n", "nul": b'{"jsonrpc":"2.0","id":9,"method":"ping"\x00}\n', "10MB": b"x" * (10*1024*1024) + b"\n",
 "no-jsonrpc": b'{"id":9,"method":"ping"}\n', "jsonrpc-1.0": b'{"jsonrpc":"1.0","id":9,"method":"ping"}\n',
 "empty-object": b"{}\n", "id-only": b'{"jsonrpc":"2.0","id":9}\n', "method-number": b'{"jsonrpc":"2.0","id":9,"method":5}\n',
 "params-string": b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":"x"}\n', "true": b"true\n",
 "string": b'"hi"\n', "unknown-method": b'{"jsonrpc":"2.0","id":9,"method":"no/such"}\n',
 "response-unknown-id": b'{"jsonrpc":"2.0","id":777,"result":{}}\n', "bom": b'\xef\xbb\xbf{"jsonrpc":"2.0","id":9,"method":"ping"}\n',
 "crlf": b'{"jsonrpc":"2.0","id":9,"method":"ping"}\r\n', "id-object": b'{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}\n',
 "bad-utf8": b'{"jsonrpc":"2.0","id":9,"method":"\xff\xfe"}\n', "callTool-args-list": b'{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"job_status","arguments":[1]}}\n',
}
def run(name, line):
    d = tempfile.mkdtemp()
    subprocess.run(["git","init","-q",d]); 
    env = dict(os.environ, BG_AGENTS_PROJECT=d)
    p = subprocess.Popen(["java","-jar",JAR], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    def send(o): p.stdin.write((json.dumps(o)+"\n").encode()); p.stdin.flush()
    def recv(want_id, t=15):
        end = time.time()+t; out=[]
        while time.time()<end:
            r,_,_ = select.select([p.stdout],[],[],0.5)
            if r:
                l = p.stdout.readline()
                if not l: return None, out
                try: m=json.loads(l)
                except Exception: out.append(("NOTJSON", l[:80])); continue
                out.append(m)
                if m.get("id")==want_id and "method" not in m: return m, out
        return None, out
    send({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r","version":"1"}}})
    recv(1)
    send({"jsonrpc":"2.0","method":"notifications/initialized"})
    try:
        p.stdin.write(line); p.stdin.flush()
    except BrokenPipeError: pass
    time.sleep(0.3)
    try:
        send({"jsonrpc":"2.0","id":2,"method":"tools/list"})
        m, out = recv(2)
    except BrokenPipeError:
        m, out = None, []
    alive = m is not None and "result" in m
    extra = [o for o in out if not (isinstance(o,dict) and o.get("id")==2)]
    p.kill(); p.wait()
    return alive, extra
bad = 0
for name, line in KINDS.items():
    alive, extra = run(name, line)
    if not alive: bad += 1
    print(f"{name:22s} {'survives' if alive else 'SESSION ENDED'}  {str(extra)[:150]}")
print(f"{bad} of {len(KINDS)} kinds end the session")
