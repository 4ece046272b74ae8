#!/usr/bin/env python3
"""kill -9 the server at random moments of four phases, recover with a fresh server, count what went wrong.

Usage: kill_rounds.py JAR [--rounds 100] [--seed S] [--block 20] [--keep]

Phases (a quarter of the rounds each, in seeded random order):
  spawn  kill 0-800 ms after sending spawn_agent
  run    kill while the agent runs (it sleeps 1.5-2.5 s)
  end    the agent sleeps 0.2-1 s, writes a file and exits; kill from 250 ms before to 400 ms after
         its expected end (start time from its log + its sleep)
  merge  an agent creates and commits 1,500 files; once it has succeeded, kill 0-1,500 ms after sending merge_worktree
After each kill a fresh server on the same project recovers (job_status, job_status wait=all,
and in the merge phase merge_worktree again); that server then runs the next round. A fresh
repository every --block rounds, and after every bad round (so damage is counted once, in the
round that made it).

Counted: jobs lost, run twice, trees inconsistent, locks left (see bench/faults/README.md).
"""
import argparse, json, os, random, shutil, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mcp import Server, ServerGone, git, git_rc, is_error, job_record, lock_files, make_repo, sc, text

TERMINAL = {"succeeded", "failed", "cancelled", "timed_out", "lost"}
RECOVER_TIMEOUT = 40  # seconds a recovering server gets for a round's jobs to end
MERGE_FILES = 1500

AGENT = r'''
read -r PH D REST || true
echo "$BG_AGENTS_JOB start $(date +%s.%N) $PH" >> "$FAULTS_LOG"
sleep "$D"
if [ "$PH" = merge ]; then
  mkdir -p "w/$BG_AGENTS_JOB"
  for i in $(seq 1 MERGE_FILES); do echo "$BG_AGENTS_JOB $i" > "w/$BG_AGENTS_JOB/f$i.txt"; done
  # the agent commits these itself (git CLI, fast); its last file is left for the leftovers commit
  git add -A w && git -c user.name=agent -c user.email=agent@localhost commit -qm "1500 files" >/dev/null
fi
echo "$BG_AGENTS_JOB" > "new-$BG_AGENTS_JOB.txt"
echo "$BG_AGENTS_JOB end $(date +%s.%N) $PH" >> "$FAULTS_LOG"
echo done
'''.replace("MERGE_FILES", str(MERGE_FILES))


def log_lines(path):
    try:
        with open(path) as f:
            return [l.split() for l in f if l.strip()]
    except FileNotFoundError:
        return []


def wait_start(log, jid, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        for parts in log_lines(log):
            if len(parts) >= 3 and parts[0] == jid and parts[1] == "start":
                return float(parts[2])
        time.sleep(0.01)
    return None


class Block:
    def __init__(self, jar, root, idx):
        self.jar = jar
        self.dir = os.path.join(root, f"block{idx}")
        os.makedirs(self.dir)
        self.proj = make_repo(os.path.join(self.dir, "proj"),
                              {"README.md": "kill rounds\n", "src/a.txt": "a\n", "src/b.txt": "b\n"})
        self.log = os.path.join(self.dir, "starts.log")
        self.cfg = os.path.join(self.dir, "cfg.json")
        with open(self.cfg, "w") as f:
            json.dump({"default_provider": "sh", "max_concurrent": 6,
                       "providers": {"sh": {"command": ["bash", "-c", AGENT], "output": "text",
                                            "env": {"FAULTS_LOG": self.log}}}}, f)
        self.nserver = 0
        self.server = None
        self.rounds = 0
        self.bad = False

    def start_server(self):
        self.nserver += 1
        s = Server(self.jar, self.proj, self.cfg, stderr_path=os.path.join(self.dir, f"server{self.nserver}.err"))
        s.initialize()
        self.server = s
        return s

    def job_dirs(self):
        d = os.path.join(self.proj, ".context", "jobs")
        return set(os.listdir(d)) if os.path.isdir(d) else set()


def do_round(b, phase, rnd):
    """Runs the phase's action on b.server and kills it. Returns (job id or None, facts)."""
    s = b.server
    facts = {"phase": phase}
    if phase == "spawn":
        s.call("spawn_agent", {"prompt": "spawn 0.3 write a file"}, send_only=True)
        delay = rnd.uniform(0, 0.8)
        time.sleep(delay)
        facts["kill_after_ms"] = int(delay * 1000)
        s.kill9()
        return None, facts
    if phase == "merge":
        r = s.call("spawn_agent", {"prompt": "merge 0 create 1500 files"}, timeout=120)
        jid = sc(r).get("job_id")
        if not jid:
            facts["setup"] = "spawn refused: " + text(r)[:200]
            s.kill9()
            return None, facts
        end = time.time() + 90
        st = None
        while time.time() < end:
            r = s.call("job_status", {"job_ids": [jid], "wait": "all", "timeout_seconds": 45}, timeout=60)
            jobs = sc(r).get("jobs") or []
            st = jobs[0].get("status") if jobs else None
            if st in TERMINAL:
                break
        facts["pre_status"] = st
        if st != "succeeded":
            facts["setup"] = f"merge job ended {st} before the merge"
            s.kill9()
            return jid, facts
        facts["tip"] = git(b.proj, "rev-parse", f"refs/heads/bg/{jid}").strip()
        facts["pre_head"] = git(b.proj, "rev-parse", "HEAD").strip()
        s.call("merge_worktree", {"job_id": jid}, send_only=True)
        delay = rnd.uniform(0, 1.5)
        time.sleep(delay)
        facts["kill_after_ms"] = int(delay * 1000)
        s.kill9()
        return jid, facts
    # run / end: spawn, wait for the agent to start, kill at the phase's moment
    d = rnd.uniform(1.5, 2.5) if phase == "run" else rnd.uniform(0.2, 1.0)
    r = s.call("spawn_agent", {"prompt": f"{phase} {d:.3f} write a file"}, timeout=120)
    jid = sc(r).get("job_id")
    if not jid:
        facts["setup"] = "spawn refused: " + text(r)[:200]
        s.kill9()
        return None, facts
    t0 = wait_start(b.log, jid)
    if t0 is None:
        facts["setup"] = "agent did not start within 20 s"
        s.kill9()
        return jid, facts
    if phase == "run":
        target = t0 + rnd.uniform(0.1, d - 0.3)
    else:
        target = t0 + d + rnd.uniform(-0.25, 0.4)
    now = time.time()
    if target > now:
        time.sleep(target - now)
    facts["kill_at_ms_from_agent_start"] = int((time.time() - t0) * 1000)
    facts["agent_sleep_ms"] = int(d * 1000)
    s.kill9()
    return jid, facts


def recover_and_check(b, phase, jid, facts, dirs_before, log_before, head_before):
    """Start a fresh server, let it recover, and check. Returns a list of (figure, detail)."""
    bad = []
    try:
        s = b.start_server()
    except Exception as e:
        return [("jobs lost", f"fresh server did not start: {e}")]
    try:
        s.call("job_status", {}, timeout=60)
    except Exception as e:
        bad.append(("jobs lost", f"job_status on the fresh server failed: {e}"))
    # the round's jobs: the known id, new job directories, and agents that started
    new_dirs = b.job_dirs() - dirs_before
    started = [p[0] for p in log_lines(b.log)[log_before:] if len(p) >= 2 and p[1] == "start"]
    ids = set(new_dirs) | set(started)
    if jid:
        ids.add(jid)
    statuses = {}
    for j in sorted(ids):
        has_record = job_record(b.proj, j) is not None
        if not has_record:
            # a half-made directory: lost only if its agent ran or its id was given out
            if j in started or j == jid:
                statuses[j] = None
            continue
        statuses[j] = None
    deadline = time.time() + RECOVER_TIMEOUT
    pending = [j for j in statuses if job_record(b.proj, j) is not None]
    while pending and time.time() < deadline:
        try:
            r = s.call("job_status", {"job_ids": pending, "wait": "all",
                                      "timeout_seconds": max(1, int(deadline - time.time()))}, timeout=70)
        except Exception as e:
            bad.append(("jobs lost", f"job_status wait failed: {e}"))
            break
        for jj in sc(r).get("jobs") or []:
            statuses[jj.get("job_id")] = jj.get("status")
        if is_error(r):
            facts["status_error"] = text(r)[:200]
            break
        pending = [j for j in pending if statuses.get(j) not in TERMINAL]
    for j, st in statuses.items():
        rec = job_record(b.proj, j)
        rst = ((rec or {}).get("state") or {}).get("status")
        if st not in TERMINAL or st == "lost" or rst not in TERMINAL or rst == "lost":
            bad.append(("jobs lost", f"{j}: answered {st}, record {rst}"
                        + ("" if rec else " (no job.json)")
                        + (f", last_activity {rec['state'].get('last_activity')!r}" if rec else "")))
    facts["statuses"] = statuses

    # merge phase: merge again through the fresh server
    remerge = None
    if phase == "merge" and jid and "tip" in facts:
        try:
            r = s.call("merge_worktree", {"job_id": jid}, timeout=180)
            remerge = r
            facts["remerge"] = ("refused: " if is_error(r) or not sc(r).get("merged") else "") + text(r)[:160]
        except Exception as e:
            facts["remerge"] = f"failed: {e}"

    # run twice
    counts = {}
    for p in log_lines(b.log):
        if len(p) >= 2 and p[1] == "start":
            counts[p[0]] = counts.get(p[0], 0) + 1
    for j in ids:
        if counts.get(j, 0) > 1:
            bad.append(("run twice", f"{j} started {counts[j]} times"))

    # trees
    porcelain = git(b.proj, "status", "--porcelain", "--untracked-files=all").splitlines()
    porcelain = [l for l in porcelain if not l[3:].startswith(".context/")]
    if porcelain:
        bad.append(("trees inconsistent", f"main checkout dirty: {len(porcelain)} entries, e.g. {porcelain[:3]}"))
    head = git(b.proj, "rev-parse", "HEAD").strip()
    branch = git(b.proj, "rev-parse", "--abbrev-ref", "HEAD").strip()
    if branch != "main":
        bad.append(("trees inconsistent", f"main checkout is on {branch!r}, not main"))
    if phase == "merge" and "tip" in facts:
        tip = facts["tip"]
        contains = git_rc(b.proj, "merge-base", "--is-ancestor", tip, "refs/heads/main") == 0
        if head != facts["pre_head"] and git_rc(b.proj, "merge-base", "--is-ancestor", tip, head) != 0:
            bad.append(("trees inconsistent", f"HEAD {head[:8]} is neither the pre-merge tip nor holds the job's work"))
        rec = job_record(b.proj, jid) or {}
        said_merged = bool((rec.get("workspace") or {}).get("merged_into"))
        if said_merged != contains:
            bad.append(("trees inconsistent", f"{jid}: record says merged={said_merged}, main holds the work={contains}"))
        if not contains:
            facts["not_merged_after_recovery"] = True
    elif head != head_before:
        bad.append(("trees inconsistent", f"HEAD moved from {head_before[:8]} to {head[:8]} without a merge"))
    # succeeded jobs: the agent's file is committed (on its branch, or in main once merged); worktree clean
    for j, st in statuses.items():
        rec = job_record(b.proj, j)
        if not rec or ((rec.get("state") or {}).get("status")) != "succeeded":
            continue
        ws = rec.get("workspace") or {}
        wt = ws.get("path")
        if wt and os.path.isdir(wt):
            wp = git(wt, "status", "--porcelain", "--untracked-files=all", check=False).splitlines()
            if wp:
                bad.append(("trees inconsistent", f"{j} succeeded but its worktree has {len(wp)} uncommitted entries, e.g. {wp[:2]}"))
        name = f"new-{j}.txt"
        on_branch = git_rc(b.proj, "cat-file", "-e", f"refs/heads/bg/{j}:{name}") == 0
        on_main = git_rc(b.proj, "cat-file", "-e", f"refs/heads/main:{name}") == 0
        if not on_branch and not on_main:
            bad.append(("trees inconsistent", f"{j} succeeded but {name} is in no commit of bg/{j} or main"))
    # locks
    locks = lock_files(b.proj)
    if locks:
        bad.append(("locks left", ", ".join(locks[:5]) + (f" (+{len(locks) - 5})" if len(locks) > 5 else "")))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar")
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--block", type=int, default=20, help="rounds per fresh repository")
    ap.add_argument("--keep", action="store_true", help="keep the temp directory")
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    names = ["spawn", "run", "end", "merge"]
    phases = [names[i % 4] for i in range(a.rounds)]
    rnd.shuffle(phases)
    root = tempfile.mkdtemp(prefix="bg-faults-kill-")
    print(f"kill_rounds: {a.rounds} rounds, seed {seed}, jar {jar}, temp {root}", flush=True)
    figures = ["jobs lost", "run twice", "trees inconsistent", "locks left"]
    per = {p: {f: 0 for f in figures} for p in names}
    done = {p: 0 for p in names}
    bad_rounds = []
    notes = []
    excluded_checked = False
    t_start = time.time()
    b = None
    fresh = True
    nblock = 0
    kept = []
    for i, phase in enumerate(phases):
        if fresh or (b and b.rounds >= a.block):
            if b and b.server:
                b.server.kill9()
            if b and not b.bad:
                shutil.rmtree(b.dir, ignore_errors=True)
            elif b and len(kept) < 5:
                kept.append(b.dir)
            elif b:
                shutil.rmtree(b.dir, ignore_errors=True)
            b = Block(jar, root, nblock)
            nblock += 1
            b.start_server()
            fresh = False
        b.rounds += 1
        rt = time.time()
        dirs_before = b.job_dirs()
        log_before = len(log_lines(b.log))
        head_before = git(b.proj, "rev-parse", "HEAD").strip()
        try:
            jid, facts = do_round(b, phase, rnd)
        except (ServerGone, TimeoutError) as e:
            jid, facts = None, {"phase": phase, "setup": f"server failed before the kill: {e!r}"}
            b.server.kill9()
        if not excluded_checked:
            ex = os.path.join(b.proj, ".git", "info", "exclude")
            if not (os.path.exists(ex) and "/.context/" in open(ex).read()):
                notes.append(".context/ is not in .git/info/exclude: its entries are ignored in git status anyway")
            excluded_checked = True
        bad = recover_and_check(b, phase, jid, facts, dirs_before, log_before, head_before)
        done[phase] += 1
        kinds = set()
        for fig, detail in bad:
            kinds.add(fig)
        for fig in kinds:
            per[phase][fig] += 1
        if facts.get("setup"):
            notes.append(f"round {i + 1} ({phase}): {facts['setup']}")
        if facts.get("remerge", "").startswith(("refused", "failed")):
            notes.append(f"round {i + 1} (merge): merge_worktree after recovery: {facts['remerge']}")
        moment = {k: v for k, v in facts.items() if k in ("kill_after_ms", "kill_at_ms_from_agent_start", "agent_sleep_ms")}
        found = ",".join(sorted(facts.get("statuses") or {})) or "-"
        line = f"round {i + 1:3d} {phase:5s} jobs {found:10s} {moment} {time.time() - rt:.1f}s"
        if bad:
            # the next round starts on a fresh repository, so no round is counted for an earlier one's damage
            fresh = True
            b.bad = True
            line += "  BAD: " + "; ".join(f"{f}: {d}" for f, d in bad)
            bad_rounds.append((i + 1, phase, jid, bad))
        print(line, flush=True)
    if b and b.server:
        b.server.kill9()
    tot = {f: sum(per[p][f] for p in names) for f in figures}
    elapsed = time.time() - t_start
    print()
    print("per phase (rounds with at least one such outcome):")
    for p in names:
        print(f"  {p:5s} rounds {done[p]:3d}; " + "; ".join(f"{f} {per[p][f]}" for f in figures))
    if bad_rounds:
        print("bad rounds:")
        for n, p, j, bad in bad_rounds:
            print(f"  round {n} ({p}, {j}): " + "; ".join(f"{f}: {d}" for f, d in bad))
    if notes:
        print("notes (not counted):")
        for n in notes:
            print("  " + n)
    summary = (f"kill rounds: {a.rounds} (" + ", ".join(f"{p} {done[p]}" for p in names) + "); "
               + "; ".join(f"{f} {tot[f]}" for f in figures))
    print(f"runtime {elapsed:.0f}s")
    print(summary)
    if b and not b.bad:
        shutil.rmtree(b.dir, ignore_errors=True)
    elif b and len(kept) < 5:
        kept.append(b.dir)
    if a.keep or kept:
        print(f"kept {root}: " + ", ".join(os.path.basename(k) for k in kept) + " (repositories of bad rounds)")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
