#!/usr/bin/env python3
"""Three servers on one project, racing spawns, waits, cancels and cross-server merges.

Usage: races.py JAR [--ops 50] [--seed S] [--servers 3] [--cap 3] [--threads 6]

The config says max_concurrent 3. Agents sleep 1-2 s, log their start and end (with
timestamps) to a file outside the repository and write one file in their worktree. Operations
run from parallel threads, each server with one client connection: spawn (through a random
server), wait (job_status wait=any/all), cancel (through a random server) and merge of a
finished job through a server that did not spawn it. At the end every merged job is merged
again through yet another server.

Counted (see bench/faults/README.md): max agents at once (beyond the cap), merges lost, git
failures, main tree dirty.
"""
import argparse, json, os, random, shutil, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mcp import Server, ServerGone, git, git_rc, is_error, job_record, lock_files, make_repo, sc, text

TERMINAL = {"succeeded", "failed", "cancelled", "timed_out", "lost"}
GIT_FAIL = ("commondir", "Cannot lock", "index.lock", "LOCK_FAILURE", "Resource deadlock")

AGENT = r'''
echo "$BG_AGENTS_JOB start $EPOCHREALTIME" >> "$RACES_LOG"
trap 'echo "$BG_AGENTS_JOB end $EPOCHREALTIME term" >> "$RACES_LOG"; exit 143' TERM
sleep "1.$(printf %03d $((RANDOM % 1000)))" & wait $!
echo "$BG_AGENTS_JOB" > "r-$BG_AGENTS_JOB.txt"
echo "$BG_AGENTS_JOB end $EPOCHREALTIME" >> "$RACES_LOG"
echo done
'''


def iso_ts(s):
    """Seconds since the epoch of a job record's timestamp (UTC, up to nanoseconds)."""
    from datetime import datetime, timezone
    s = s.rstrip("Z")
    frac = 0.0
    if "." in s:
        s, f = s.split(".", 1)
        frac = float("0." + f)
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc).timestamp() + frac


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar")
    ap.add_argument("--ops", type=int, default=50)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--servers", type=int, default=3)
    ap.add_argument("--cap", type=int, default=3)
    ap.add_argument("--threads", type=int, default=6)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    root = tempfile.mkdtemp(prefix="bg-faults-races-")
    print(f"races: {a.ops} ops, {a.servers} servers, cap {a.cap}, seed {seed}, jar {jar}, temp {root}", flush=True)
    proj = make_repo(os.path.join(root, "proj"), {"README.md": "races\n", "src/a.txt": "a\n"})
    log = os.path.join(root, "agents.log")
    cfg = os.path.join(root, "cfg.json")
    with open(cfg, "w") as f:
        json.dump({"default_provider": "sh", "max_concurrent": a.cap,
                   "providers": {"sh": {"command": ["bash", "-c", AGENT], "output": "text",
                                        "env": {"RACES_LOG": log}}}}, f)
    t0 = time.time()
    servers = [Server(jar, proj, cfg, stderr_path=os.path.join(root, f"server{i}.err")) for i in range(a.servers)]
    for s in servers:
        s.initialize()

    # the operations: about 45% spawns, 20% waits, 10% cancels, 25% merges
    n_spawn = max(1, round(a.ops * 0.44))
    n_cancel = max(1, round(a.ops * 0.12))
    n_merge = max(1, round(a.ops * 0.24))
    n_wait = max(0, a.ops - n_spawn - n_cancel - n_merge)
    ops = ["spawn"] * n_spawn + ["wait"] * n_wait + ["cancel"] * n_cancel + ["merge"] * n_merge
    rnd.shuffle(ops)
    # spawns lead: the first few operations are spawns so the rest have jobs to act on
    head = [o for o in ops if o == "spawn"][:a.threads]
    rest = list(ops)
    for o in head:
        rest.remove(o)
    ops = head + rest

    lk = threading.Lock()
    jobs = {}          # id -> {"server": i, "cancelled": bool, "merge_claimed": bool}
    merged = {}        # id -> (server index, answer)
    answers = []       # (op, server, args, answer) of every call
    problems = {"git failures": [], "merges lost": [], "merges refused": [], "calls failed": []}
    opq = list(ops)

    def record(op, si, args, r):
        with lk:
            answers.append((op, si, args, r))
        t = text(r)
        hits = [g for g in GIT_FAIL if g in t]
        if hits:
            with lk:
                problems["git failures"].append(f"{op} via server {si + 1} {json.dumps(args)[:80]}: {t[:200]!r}")

    def call(si, op, tool, args, timeout=120):
        try:
            r = servers[si].call(tool, args, timeout=timeout)
        except (ServerGone, TimeoutError) as e:
            with lk:
                problems["calls failed"].append(f"{op} via server {si + 1}: {e!r}")
            return None
        record(op, si, args, r)
        return r

    def worker(wid):
        wr = random.Random(seed * 1000 + wid)
        while True:
            with lk:
                if not opq:
                    return
                op = opq.pop(0)
            if op == "spawn":
                si = wr.randrange(a.servers)
                r = call(si, op, "spawn_agent", {"prompt": f"race {wid} write a file"})
                jid = sc(r).get("job_id")
                if jid:
                    with lk:
                        jobs[jid] = {"server": si, "cancelled": False, "merge_claimed": False}
                elif r is not None:
                    with lk:
                        problems["calls failed"].append(f"spawn via server {si + 1} refused: {text(r)[:160]!r}")
            elif op == "wait":
                si = wr.randrange(a.servers)
                with lk:
                    ids = list(jobs)
                pick = wr.sample(ids, min(len(ids), wr.randint(1, 3))) if ids else []
                args = {"wait": wr.choice(["any", "all"]), "timeout_seconds": 10}
                if pick:
                    args["job_ids"] = pick
                call(si, op, "job_status", args, timeout=60)
            elif op == "cancel":
                si = wr.randrange(a.servers)
                with lk:
                    cands = [j for j, v in jobs.items() if not v["cancelled"] and not v["merge_claimed"]]
                    jid = wr.choice(cands[-4:]) if cands else None
                    if jid:
                        jobs[jid]["cancelled"] = True
                if jid:
                    call(si, op, "cancel_job", {"job_id": jid}, timeout=60)
            elif op == "merge":
                deadline = time.time() + 60
                jid = None
                while time.time() < deadline and jid is None:
                    with lk:
                        cands = [j for j, v in jobs.items() if not v["cancelled"] and not v["merge_claimed"]]
                    done = []
                    for j in cands:
                        st = ((job_record(proj, j) or {}).get("state") or {}).get("status")
                        if st == "succeeded":
                            done.append(j)
                    with lk:
                        done = [j for j in done if not jobs[j]["merge_claimed"]]
                        if done:
                            jid = wr.choice(done)
                            jobs[jid]["merge_claimed"] = True
                    if jid is None:
                        time.sleep(0.2)
                if jid is None:
                    with lk:
                        problems["calls failed"].append("merge: no finished job to merge within 60 s")
                    continue
                owner = jobs[jid]["server"]
                si = wr.choice([i for i in range(a.servers) if i != owner] or [owner])
                # the merging server sees it ended (it reads other servers' jobs in within a second)
                call(si, op, "job_status", {"job_ids": [jid], "wait": "all", "timeout_seconds": 10}, timeout=60)
                r = call(si, op, "merge_worktree", {"job_id": jid}, timeout=180)
                if r is not None:
                    if sc(r).get("merged") is True and not is_error(r):
                        with lk:
                            merged[jid] = (si, r)
                    else:
                        with lk:
                            problems["merges refused"].append(f"{jid} via server {si + 1}: {text(r)[:200]!r}")

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(a.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    # let every job end, then merge every merged job again through another server
    ids = sorted(jobs)
    end = time.time() + 90
    statuses = {}
    while ids and time.time() < end:
        r = call(0, "final wait", "job_status", {"job_ids": ids, "wait": "all", "timeout_seconds": 30}, timeout=60)
        statuses = {j.get("job_id"): j.get("status") for j in sc(r).get("jobs") or []}
        if all(statuses.get(j) in TERMINAL for j in ids):
            break
    time.sleep(1.5)  # other servers read records in within a second
    for jid, (si, r1) in sorted(merged.items()):
        rec = job_record(proj, jid) or {}
        ws = rec.get("workspace") or {}
        in_main = git_rc(proj, "cat-file", "-e", f"refs/heads/main:r-{jid}.txt") == 0
        why = []
        if not ws.get("merged_into"):
            why.append("the record does not say merged")
        if not in_main:
            why.append(f"main does not hold r-{jid}.txt")
        other = (si + 1) % a.servers
        r2 = call(other, "second merge", "merge_worktree", {"job_id": jid}, timeout=180)
        t2 = text(r2)
        if r2 is None or is_error(r2) or sc(r2).get("merged") is not True:
            why.append(f"a second merge via server {other + 1} answered {t2[:140]!r}")
        if why:
            problems["merges lost"].append(f"{jid} (merged via server {si + 1}): " + "; ".join(why))

    # agents alive at once, from the log (an agent killed without its end line ends at its record's ended_at)
    starts, ends = {}, {}
    runs = {}
    with open(log) as f:
        for line in f:
            p = line.split()
            try:
                float(p[2])
            except (IndexError, ValueError):
                continue
            if len(p) >= 3:
                if p[1] == "start":
                    starts.setdefault(p[0], float(p[2]))
                    runs[p[0]] = runs.get(p[0], 0) + 1
                elif p[1] == "end":
                    ends.setdefault(p[0], float(p[2]))
    events = []
    for j, s0 in starts.items():
        e = ends.get(j)
        if e is None:
            ended = ((job_record(proj, j) or {}).get("state") or {}).get("ended_at")
            if ended:
                e = iso_ts(ended)
            else:
                e = time.time()
        events.append((s0, 1))
        events.append((e, -1))
    events.sort(key=lambda x: (x[0], x[1]))
    cur = mx = 0
    for _, d in events:
        cur += d
        mx = max(mx, cur)

    final = {}
    for j in jobs:
        st = ((job_record(proj, j) or {}).get("state") or {}).get("status")
        final[st] = final.get(st, 0) + 1
        if st == "failed":
            rec = job_record(proj, j)
            problems["git failures"].append(f"{j} failed: {rec['state'].get('last_activity')!r}")
    unfinished = [j for j in jobs if ((job_record(proj, j) or {}).get("state") or {}).get("status") not in TERMINAL]
    twice = [j for j, n in runs.items() if n > 1]
    porcelain = [l for l in git(proj, "status", "--porcelain", "--untracked-files=all").splitlines()
                 if not l[3:].startswith(".context/")]
    locks = lock_files(proj)
    for s in servers:
        s.close()
    elapsed = time.time() - t0
    dirty = 1 if porcelain else 0
    print(f"jobs spawned {len(jobs)}; final statuses {final}; merges answered merged {len(merged)}")
    print(f"ops done: " + ", ".join(f"{o} {ops.count(o)}" for o in ("spawn", "wait", "cancel", "merge")))
    if porcelain:
        print(f"main tree dirty: {len(porcelain)} entries, e.g. {porcelain[:5]}")
    if unfinished:
        print(f"jobs not ended after 90 s (not counted above): {unfinished}")
    if twice:
        print(f"agents started twice (not counted above): {twice}")
    if locks:
        print(f"locks left (not counted above): {locks[:8]}")
    for k, v in problems.items():
        if v:
            print(f"{k} ({len(v)}):")
            for x in v[:15]:
                print("  " + x)
    print(f"runtime {elapsed:.0f}s")
    print(f"races: {a.ops} ops on {a.servers} servers; max agents at once {mx} (cap {a.cap}); "
          f"merges lost {len(problems['merges lost'])}; git failures {len(problems['git failures'])}; "
          f"main tree dirty {dirty}")
    bad = mx > a.cap or problems["merges lost"] or problems["git failures"] or dirty
    if a.keep or bad:
        print(f"kept {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
