#!/usr/bin/env python3
"""Spawn-to-running overhead of a provider's network allow-list (issue 28): the time from a spawn_agent call to
the agent's first instruction for a workspace-write job whose network is open (in bubblewrap) and one whose
provider has an allow-list (in bubblewrap without network, after its job's proxy has started and the bridge in
the sandbox listens), interleaved on one server so the machine's load falls on both alike; prints the medians.

Usage: bench/network.py [JAR] [--runs N]   (default target/bg-agents.jar, 15 runs)

The agent is a custom provider whose first command writes the wall clock (date +%s%N) into its worktree, read
back from outside, then fetches a page from an HTTP server this script runs on 127.0.0.1 (directly when the
network is open, through the job's proxy when it is listed) and writes the clock again: the second figure, to
the first answer, includes the proxy's JVM starting, which the first overlaps. The two providers differ only in
"network".
"""
import argparse, http.server, json, os, statistics, sys, tempfile, threading, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "faults"))
from mcp import Server, make_repo, sc, job_record  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar", nargs="?", default=os.path.join(HERE, "..", "target", "bg-agents.jar"))
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="bg-bench-network-")
    proj = make_repo(os.path.join(root, "proj"), {"README.md": "bench\n"})
    cfg = os.path.join(root, "bg-agents.json")
    page = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=page.serve_forever, daemon=True).start()
    port = page.server_address[1]
    clock = ["sh", "-c", "date +%s%N > started.ns; curl -sf --max-time 30 -o page.txt http://127.0.0.1:" + str(port)
             + "/ && date +%s%N > answered.ns"]
    with open(cfg, "w") as f:
        json.dump({"max_concurrent": 2, "providers": {
            "open": {"command": clock, "output": "text"},
            "listed": {"command": clock, "output": "text", "network": ["api.anthropic.com", f"127.0.0.1:{port}"]}}}, f)
    s = Server(os.path.abspath(a.jar), proj, cfg, stderr_path=os.path.join(root, "server.err"))
    s.initialize()
    took = {"open": [], "listed": []}
    answered = {"open": [], "listed": []}
    try:
        for i in range(a.runs):
            for provider in ("open", "listed"):
                t0 = time.time_ns()
                r = s.call("spawn_agent", {"provider": provider, "prompt": "x", "worktree": True,
                                           "permissions": "workspace-write"})
                jid = sc(r).get("job_id")
                s.call("job_status", {"job_ids": [jid], "wait": "all", "timeout_seconds": 60}, timeout=90)
                rec = job_record(proj, jid) or {}
                wt = (rec.get("workspace") or {}).get("path")
                with open(os.path.join(wt, "started.ns")) as f:
                    took[provider].append((int(f.read().strip()) - t0) / 1e6)
                with open(os.path.join(wt, "answered.ns")) as f:
                    answered[provider].append((int(f.read().strip()) - t0) / 1e6)
    finally:
        s.close()
    op, li = statistics.median(took["open"]), statistics.median(took["listed"])
    print(f"spawn_agent to the agent's first instruction, median of {a.runs} (workspace-write worktree jobs, one server):")
    print(f"  network open (bubblewrap)           {op:7.1f} ms")
    print(f"  allow-list (proxy + bridge)         {li:7.1f} ms")
    print(f"  allow-list overhead                 {li - op:7.1f} ms  ({li / op:.2f}x)")
    print(f"  (min/max open {min(took['open']):.0f}/{max(took['open']):.0f} ms, "
          f"allow-list {min(took['listed']):.0f}/{max(took['listed']):.0f} ms)")
    op, li = statistics.median(answered["open"]), statistics.median(answered["listed"])
    print(f"spawn_agent to the first answer from a server on 127.0.0.1, median of {a.runs}:")
    print(f"  network open, direct                {op:7.1f} ms")
    print(f"  allow-list, through the proxy       {li:7.1f} ms")
    print(f"  allow-list overhead                 {li - op:7.1f} ms  ({li / op:.2f}x)")


class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"page\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    main()
