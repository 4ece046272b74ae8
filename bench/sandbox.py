#!/usr/bin/env python3
"""Spawn-to-running overhead of the agent sandbox (issue 28): the time from a spawn_agent call to the
agent's first instruction, for a workspace-write job (in bubblewrap) and a full one (unconfined), over
repeated runs on one server, interleaved so the machine's load falls on both alike; prints the medians.

Usage: bench/sandbox.py [JAR] [--runs N]   (default target/bg-agents.jar, 15 runs)

The agent is a custom provider whose first command writes the wall clock (date +%s%N) to a file outside
the sandbox's view (its job's worktree, read back from outside); each job runs in its own worktree.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "faults"))
from mcp import Server, make_repo, sc, job_record  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar", nargs="?", default=os.path.join(HERE, "..", "target", "bg-agents.jar"))
    ap.add_argument("--runs", type=int, default=15)
    a = ap.parse_args()
    root = tempfile.mkdtemp(prefix="bg-bench-sandbox-")
    proj = make_repo(os.path.join(root, "proj"), {"README.md": "bench\n"})
    cfg = os.path.join(root, "bg-agents.json")
    with open(cfg, "w") as f:
        json.dump({"max_concurrent": 2, "providers": {"clock": {"command": ["sh", "-c", "date +%s%N > started.ns"],
                                                                "output": "text"}}}, f)
    s = Server(os.path.abspath(a.jar), proj, cfg, stderr_path=os.path.join(root, "server.err"))
    s.initialize()
    took = {"workspace-write": [], "full": []}
    try:
        for i in range(a.runs):
            for perm in ("workspace-write", "full"):
                t0 = time.time_ns()
                r = s.call("spawn_agent", {"provider": "clock", "prompt": "x", "worktree": True, "permissions": perm})
                jid = sc(r).get("job_id")
                s.call("job_status", {"job_ids": [jid], "wait": "all", "timeout_seconds": 60}, timeout=90)
                wt = ((job_record(proj, jid) or {}).get("workspace") or {}).get("path")
                with open(os.path.join(wt, "started.ns")) as f:
                    took[perm].append((int(f.read().strip()) - t0) / 1e6)
    finally:
        s.close()
    ww, full = statistics.median(took["workspace-write"]), statistics.median(took["full"])
    print(f"spawn_agent to the agent's first instruction, median of {a.runs} (worktree jobs, one server):")
    print(f"  full (unconfined)          {full:7.1f} ms")
    print(f"  workspace-write (sandbox)  {ww:7.1f} ms")
    print(f"  sandbox overhead           {ww - full:7.1f} ms  ({ww / full:.2f}x)")
    bw = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        subprocess.run(["bwrap", "--unshare-pid", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs",
                        "/tmp", "true"], check=True)
        bw.append((time.perf_counter() - t0) * 1e3)
    print(f"  (bwrap alone, `true`:      {statistics.median(bw):7.1f} ms)")


if __name__ == "__main__":
    main()
