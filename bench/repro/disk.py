"""Disk trouble under .context/ (issue 14): a read-only job directory during cancel_job, and a
full disk under a flooding agent. Prints what the answers and the records say, before and after a
restart, and counts the cases whose status does not say what happened. Needs root (chattr, mount);
cases it cannot set up are skipped and said so.
usage: python3 bench/repro/disk.py JAR"""
import subprocess, json, sys, os, time, tempfile

JAR = os.path.abspath(sys.argv[1])
root = tempfile.mkdtemp()
proj = os.path.join(root, "proj"); os.makedirs(proj)
def git(*a): subprocess.run(["git", "-C", proj, *a], check=True, capture_output=True)
git("init", "-q", "-b", "main"); open(os.path.join(proj, "README.md"), "w").write("x\n")
git("add", "."); git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "i")
cfg = os.path.join(root, "cfg.json")
json.dump({"default_provider": "sh", "providers": {
    "sh": {"command": ["bash", "-c", "sleep 30"], "output": "text"},
    "flood": {"command": ["bash", "-c", "yes flooding-the-disk-with-output | head -c 50000000; echo done"],
              "output": "text"}}}, open(cfg, "w"))
env = dict(os.environ, BG_AGENTS_PROJECT=proj, BG_AGENTS_CONFIG=cfg)

class Server:
    def __init__(self):
        self.p = subprocess.Popen(["java", "-jar", JAR], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, env=env, cwd=proj)
        self.n = 0
        self.call("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                 "clientInfo": {"name": "disk", "version": "1"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    def send(self, m):
        self.p.stdin.write((json.dumps(m) + "\n").encode()); self.p.stdin.flush()
    def call(self, method, params):
        self.n += 1; self.send({"jsonrpc": "2.0", "id": self.n, "method": method, "params": params})
        while True:
            m = json.loads(self.p.stdout.readline())
            if m.get("id") == self.n: return m
    def tool(self, name, args):
        r = self.call("tools/call", {"name": name, "arguments": args})["result"]
        return r["content"][0]["text"], r.get("structuredContent") or {}
    def kill(self):
        self.p.kill(); self.p.wait()

def status_line(s, jid):
    text, st = s.tool("job_status", {"job_ids": [jid]})
    return st["jobs"][0]["status"], text

bad = 0; ran = 0
# 1. read-only job directory during cancel
s = Server()
_, st = s.tool("spawn_agent", {"prompt": "wait", "worktree": False})
jid = st["job_id"]; time.sleep(1.5)
jobdir = os.path.join(proj, ".context", "jobs", jid)
if subprocess.run(["chattr", "+i", jobdir], capture_output=True).returncode != 0:
    print("read-only: skipped (chattr +i not permitted here)")
else:
    ran += 1
    text, st = s.tool("cancel_job", {"job_id": jid})
    print("read-only cancel answer:", text[:300])
    s.kill(); s = Server(); time.sleep(2)
    status, text = status_line(s, jid)
    print("after a restart:", status, "|", text[:300])
    says = "could not be recorded" in text
    answer_says = "not on disk" in (st.get("reason") or "")
    if not (says and answer_says):
        bad += 1; print("  -> the status does not say the state directory could not be written")
    subprocess.run(["chattr", "-i", jobdir])
s.kill()

# 2. a full disk under .context while an agent floods its output
ctx = os.path.join(proj, ".context")
os.makedirs(ctx, exist_ok=True)
tmp = os.path.join(root, "ctx-copy"); subprocess.run(["cp", "-a", ctx, tmp])
if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", ctx], capture_output=True).returncode != 0:
    print("full disk: skipped (mount not permitted here)")
else:
    ran += 1
    try:
        s = Server()
        _, st = s.tool("spawn_agent", {"prompt": "flood", "provider": "flood", "worktree": False})
        jid = st["job_id"]
        for _ in range(60):
            status, text = status_line(s, jid)
            if status not in ("running", "queued"): break
            time.sleep(1)
        print("full disk:", status, "|", text[:300])
        s.kill(); s = Server(); time.sleep(2)
        status2, text2 = status_line(s, jid)
        print("after a restart:", status2, "|", text2[:300])
        if not any(w in t for t in (text, text2) for w in ("No space left", "disk full")):
            bad += 1; print("  -> the status says nothing of the full disk")
        s.kill()
    finally:
        subprocess.run(["umount", "-l", ctx])
print(f"disk trouble: {bad} of {ran} cases with a status that does not say what happened")
