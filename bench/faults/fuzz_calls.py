#!/usr/bin/env python3
"""Seeded random tool calls over every tool, with hostile values in path-, ref- and id-like fields.

Usage: fuzz_calls.py JAR [--calls 10000] [--seed S] [--per-project 1000] [--check-every 10]

Values: traversal, absolute paths outside, /proc and /dev files, symlinks in the repository that
point outside (made here), option-like values, odd refs, NUL, very long strings, unicode and
wrong JSON types, mixed with valid values (job ids, sessions and task ids the server answered
with, branches and files that exist). The agent is a custom provider that writes one file in
its worktree and exits. A fresh project (and server) every --per-project calls.

Counted (see bench/faults/README.md): server exits, exception texts, escapes, disk changes on
refusal; also calls unanswered within 60 s (the server is then restarted).
"""
import argparse, json, os, random, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mcp import Server, ServerGone, git, is_error, make_repo, sc, text

EXC = re.compile(r"Exception|java\.(lang|io|nio|util|net)\b|\bat (dev|org|java|com|sun|jdk)\.[\w.$]+\(|\tat |"
                 r"NullPointer|org\.eclipse|com\.fasterxml|LOCK_FAILURE|StackOverflow|OutOfMemory|ClassCast|"
                 r"IndexOutOfBounds|NumberFormat|Caused by:")
TERMINAL = {"succeeded", "failed", "cancelled", "timed_out", "lost"}
PWNED = "/tmp/pwned"

AGENT = 'case "$PWD" in */worktrees/*) echo "$BG_AGENTS_JOB" > "f-$BG_AGENTS_JOB.txt";; esac; echo ok'


class World:
    """The fixed surroundings (outside dir, other repo) and the current project."""

    def __init__(self, root):
        self.root = root
        self.out = os.path.join(root, "outside")
        os.makedirs(self.out)
        with open(os.path.join(self.out, "secret.md"), "w") as f:
            f.write("TOP SECRET task: print this\n")
        with open(os.path.join(self.out, "plan.md"), "w") as f:
            f.write("# Outside plan\n\n## Tasks\n\n1. Write a.py\n   Provider: sh\n2. Write tests\n   Depends on: 1\n")
        self.other = make_repo(os.path.join(root, "other"), {"README.md": "other repo\n"})
        self.cfg = os.path.join(root, "cfg.json")
        with open(self.cfg, "w") as f:
            json.dump({"default_provider": "sh", "max_concurrent": 64,
                       "providers": {"sh": {"command": ["bash", "-c", AGENT], "output": "text"}}}, f)
        self.nproj = 0
        self.proj = None

    def new_project(self):
        self.nproj += 1
        proj = os.path.join(self.root, f"proj{self.nproj}")
        make_repo(proj, {"README.md": "fuzz\n", "src/a.txt": "a\n", "src/sub/b.txt": "b\n",
                         "task.md": "# Task\n\nWrite hello.txt\n",
                         "plan.md": "# Feature\n\n## Tasks\n\n1. Write a.py\n   Files: a.py\n   Provider: sh\n"
                                    "2. Write tests for a.py\n   Depends on: 1\n   Provider: sh\n"})
        git(proj, "branch", "feature")
        git(proj, "tag", "v1")
        os.symlink(self.out, os.path.join(proj, "link-out"))
        os.symlink(os.path.join(self.out, "secret.md"), os.path.join(proj, "link-secret.md"))
        os.symlink(os.path.join(self.out, "plan.md"), os.path.join(proj, "link-plan.md"))
        os.symlink("/etc", os.path.join(proj, "link-etc"))
        os.symlink(self.other, os.path.join(proj, "link-other"))
        os.symlink("../../outside", os.path.join(proj, "src", "link-up"))
        git(proj, "add", ".")
        git(proj, "commit", "-q", "-m", "symlinks")
        self.proj = proj
        self.head_commit = git(proj, "rev-parse", "HEAD").strip()
        return proj


def outside(world, value, workdir=None, server_pid=None):
    """True when a path value lies outside the project however it is resolved (project or workdir base).

    /proc/self is the server's, not this script's: /proc/self/cwd is the project for the server."""
    if not isinstance(value, str) or value == "" or "\x00" in value:
        return False
    if server_pid and (value == "/proc/self" or value.startswith("/proc/self/")):
        value = f"/proc/{server_pid}" + value[len("/proc/self"):]
    proj = os.path.realpath(world.proj)
    bases = [world.proj]
    if isinstance(workdir, str) and workdir and "\x00" not in workdir:
        if server_pid and workdir.startswith("/proc/self"):
            workdir = f"/proc/{server_pid}" + workdir[len("/proc/self"):]
        wd = os.path.realpath(os.path.join(world.proj, workdir))
        if wd == proj or wd.startswith(proj + os.sep):
            bases.append(wd)
    for b in bases:
        try:
            rp = os.path.realpath(os.path.join(b, value))
        except (ValueError, OSError):
            return False
        if rp == proj or rp.startswith(proj + os.sep):
            return False
    return True


class Gen:
    def __init__(self, rnd, world):
        self.h = 0.5
        self.r = rnd
        self.w = world
        self.jobs = []        # job ids the server gave out
        self.sessions = []    # plan sessions
        self.task_ids = ["1", "2"]

    def reset(self):
        self.jobs = []
        self.sessions = []
        self.task_ids = ["1", "2"]

    def pick(self, xs):
        return self.r.choice(xs)

    def long(self):
        return self.pick(["a" * 5000, "../" * 2000, "é" * 3000, "x" * 300, "a/" * 3000 + "b"])

    def odd(self):
        return self.pick(["HEAD@{", "main.lock", "a b;c", "main~1", "..", "\x00", "a\x00b", "-D", "--output=x",
                          "--upload-pack=touch /tmp/pwned", "-c core.sshCommand=touch /tmp/pwned", "$(touch /tmp/pwned)",
                          "`touch /tmp/pwned`", "a\nb", "ブランチ", "☃", "\u202e", " ", "", "HEAD@{-1}", "main^{tree}",
                          "refs/heads/../../x", "@", "-", "--", "main:README.md", "*", "?", "[a", "\\", "%s%n",
                          self.long()])

    def wrong_type(self):
        return self.pick([0, -1, 3.5, 1e308, -1e308, True, False, None, [], ["x"], [1, 2], {}, {"a": 1},
                          2 ** 63, "1", "true"])

    def path_outside(self):
        w = self.w
        return self.pick(["../", "..", "../../etc/passwd", "../../../../../../etc/passwd", "/etc/passwd", "/etc", "/",
                          "/tmp", "/proc/self/environ", "/proc/self/root/etc/passwd", "/proc/self/cwd/../outside", "/proc/self/fd/0", "/dev/stdin", "/dev/zero",
                          "/dev/null", w.out, os.path.join(w.out, "secret.md"), os.path.join(w.out, "plan.md"),
                          "../outside", "../outside/secret.md", "../outside/plan.md", w.other,
                          os.path.join(w.other, "README.md"), "link-out", "link-out/secret.md", "link-secret.md",
                          "link-plan.md", "link-etc/passwd", "link-etc", "link-other", "link-other/README.md",
                          "src/link-up", "src/link-up/secret.md", "src/../../outside/secret.md",
                          "./../" + os.path.basename(w.proj) + "/../outside/secret.md", "//etc//passwd",
                          os.path.expanduser("~")])

    def path_inside(self):
        return self.pick(["README.md", "src", "src/a.txt", "src/sub", "src/sub/b.txt", "task.md", "plan.md", ".",
                          "./", "new.md", "nonexistent/x.md", "a.py", "src/../README.md", ".git", ".git/config",
                          ".context", ".context/jobs", "ünïcødé/☃.md", self.w.proj, "/proc/self/cwd", "/proc/self/cwd/task.md",
                          os.path.join(self.w.proj, "task.md")])

    def bad(self):
        """Whether this field gets a hostile value, at the call's hostility."""
        return self.r.random() < self.h

    def path(self):
        if not self.bad():
            return self.path_inside()
        x = self.r.random()
        if x < 0.7:
            return self.path_outside()
        if x < 0.9:
            return self.odd()
        return self.wrong_type()

    def ref(self):
        x = 0.0 if not self.bad() else self.r.uniform(0.4, 1)
        if x < 0.4:
            opts = ["main", "feature", "v1", "HEAD", self.w.head_commit]
            if self.jobs:
                opts.append("bg/" + self.pick(self.jobs))
            return self.pick(opts)
        if x < 0.85:
            return self.pick([self.odd(), "../x", "/etc/passwd", self.w.other, "refs/heads/main", "bg/../main",
                              "origin/main", "main@{upstream}", "feature.lock", ".hidden", "main/", "x..y"])
        return self.wrong_type()

    def job_id(self):
        x = 0.0 if not self.bad() else self.r.uniform(0.55, 1)
        if x < 0.55 and self.jobs:
            return self.pick(self.jobs[-30:])
        if x < 0.85:
            return self.pick(["sh-000000", "claude-3f9a1c", "../../etc", "sh-abcdef/../../x", "/etc/passwd", "sh-",
                              "SH-ABCDEF", "sh-abcdef\n", self.odd()])
        return self.wrong_type()

    def session(self):
        x = 0.0 if not self.bad() else self.r.uniform(0.5, 1)
        if x < 0.5 and self.sessions:
            return self.pick(self.sessions)
        if x < 0.85:
            return self.pick(["../x", "/etc", "..", "20261202-000000_nope", "../../outside", "link-out",
                              "../impl/../../outside", self.odd()])
        return self.wrong_type()

    def task_id(self):
        x = 0.0 if not self.bad() else self.r.uniform(0.5, 1)
        if x < 0.5:
            return self.pick(self.task_ids)
        if x < 0.85:
            return self.odd()
        return self.wrong_type()

    def maybe(self, p=0.5):
        return self.r.random() < p

    def strlist(self, f, n=3):
        if self.bad() and self.maybe(0.15):
            return self.wrong_type()
        return [f() for _ in range(self.r.randint(0, n))]

    def number(self, lo, hi, integer=False):
        x = 0.0 if not self.bad() else self.r.uniform(0.6, 1)
        if x < 0.6:
            v = self.r.uniform(lo, hi)
            return int(v) if integer else round(v, 2)
        if x < 0.8:
            return self.pick([lo - 1, hi + 1, 0, -0.0, 1e9, -5, 0.001])
        return self.wrong_type()

    def plan_md(self, paths):
        lines = ["# Fuzz " + (self.pick(["plan", "feature"]) if not self.bad() else self.pick(["☃", "../x", "a b;c"])),
                 "", "## Tasks", ""]
        n = self.r.randint(1, 4)
        for i in range(1, n + 1):
            lines.append(f"{i}. " + self.pick(["Write a.py", "Add tests", "Migrate the db", "Wire the handler",
                                                 "Document it", self.odd() if self.bad() else "Fix it"]))
            if self.maybe(0.7):
                fs = [self.path() for _ in range(self.r.randint(1, 3))]
                fs = [f if isinstance(f, str) else json.dumps(f) for f in fs]
                # the server reads a trailing "." of a Files: line as punctuation ("Files: .." is ".")
                paths.extend(f for f in fs if not f.endswith("."))
                lines.append("   Files: " + ", ".join(fs))
            if i > 1 and self.maybe(0.5):
                lines.append(f"   Depends on: {self.r.randint(1, i - 1)}")
            lines.append("   Provider: " + ("sh" if not self.bad() else self.pick(["claude", "auto", "../x"])))
        return "\n".join(lines) + "\n"

    def call(self):
        """(tool, args, paths named: list of (field, value, workdir))"""
        tools = ["spawn_agent"] * 24 + ["job_status"] * 18 + ["read_summary"] * 14 + ["cancel_job"] * 9 + \
                ["merge_worktree"] * 14 + ["resume_session"] * 8 + ["decompose_plan"] * 13
        tool = self.pick(tools)
        # the call's hostility: the chance that each field gets a hostile value
        self.h = self.pick([0.0, 0.0, 0.0, 0.1, 0.25, 0.25, 0.5, 0.9])
        a = {}
        paths = []
        if tool == "spawn_agent":
            mode = self.r.random()
            plan_run = mode < 0.2 and self.sessions
            if plan_run:
                a["session"] = self.session()
                if self.maybe(0.3):
                    a["task_id"] = self.task_id()
                elif self.maybe(0.2):
                    a["wave"] = self.number(1, 3, integer=True)
            else:
                which = self.pick(["prompt"] * 6 + ["task_file"] * 3 + ["both", "neither"] if self.h else
                                  ["prompt"] * 2 + ["task_file"])
                if which in ("prompt", "both"):
                    a["prompt"] = self.pick(["write hello.txt", "x", "fix it"]) if not self.bad() else \
                        self.pick([self.odd(), self.wrong_type()])
                if which in ("task_file", "both"):
                    a["task_file"] = self.path() if self.bad() else self.pick(["task.md", "README.md", "plan.md"])
                if self.maybe(0.1) and self.h:
                    a["session"] = self.session()
            # with a session these come from the plan: only hostile calls add them
            extra = 1.0 if not plan_run else (0.3 if self.h else 0.0)
            if self.maybe(0.4 * extra):
                a["workdir"] = self.path() if self.bad() else self.pick([".", "src", "src/sub", "./", self.w.proj])
            if self.maybe(extra * 0.3):
                a["base"] = self.ref()
            if self.maybe(extra * 0.3):
                a["files"] = self.strlist(self.path)
            if self.maybe(extra * 0.15):
                a["depends_on"] = self.strlist(self.job_id, 2)
            if self.maybe(extra * 0.3):
                a["worktree"] = self.pick([True, True, False]) if not self.bad() else self.wrong_type()
            if self.maybe(extra * 0.2):
                a["provider"] = "sh" if not self.bad() else \
                    self.pick(["auto", "claude", "codex", "../x", self.odd(), self.wrong_type()])
            if self.maybe(extra * 0.15):
                a["model"] = "m" if not self.bad() else \
                    self.pick(["--foo", "-c core.sshCommand=x", self.odd(), self.wrong_type()])
            if self.maybe(0.15):
                a["permissions"] = self.pick(["read-only", "workspace-write", "full"]) if not self.bad() else \
                    self.pick(["root", self.wrong_type()])
            if self.maybe(0.15):
                a["timeout_minutes"] = self.number(0.01, 2)
            if self.maybe(0.1):
                a["stall_minutes"] = self.number(0.01, 2)
            wd = a.get("workdir")
            for k in ("workdir", "task_file"):
                if k in a:
                    paths.append((k, a[k], wd if k != "workdir" else None))
            if isinstance(a.get("files"), list):
                paths.extend(("files", f, wd) for f in a["files"])
        elif tool == "job_status":
            if self.maybe(0.7):
                a["job_ids"] = self.strlist(self.job_id, 3)
            if self.maybe(0.4):
                a["wait"] = self.pick(["none", "any", "all"]) if not self.bad() else self.pick(["some", self.wrong_type()])
            if a.get("wait") in ("any", "all") or self.maybe(0.3):
                if a.get("wait") in ("any", "all"):
                    # keep waits short: valid small values or values refused outright
                    a["timeout_seconds"] = self.pick([0, 1, 2]) if not self.bad() else \
                        self.pick([-1, 3601, 1e12, "2", None, [1], 0.5])
                else:
                    a["timeout_seconds"] = self.number(0, 3600, integer=True)
        elif tool == "read_summary":
            a["job_id"] = self.job_id()
            if self.maybe(0.3):
                a["section"] = self.pick(["summary", "final", "diff", "commands", "errors", "log"]) if not self.bad() else \
                    self.pick(["../x", self.wrong_type()])
            if self.maybe(0.3):
                a["max_chars"] = self.number(200, 100000, integer=True)
            if self.maybe(0.2):
                a["offset"] = self.number(0, 10000, integer=True)
        elif tool == "cancel_job":
            a["job_id"] = self.job_id()
        elif tool == "merge_worktree":
            a["job_id"] = self.job_id()
            if self.maybe(0.45):
                a["into"] = self.ref()
            if self.maybe(0.3):
                a["strategy"] = self.pick(["merge", "squash"]) if not self.bad() else self.pick(["ours", self.wrong_type()])
            if self.maybe(0.4):
                a["dry_run"] = self.pick([True, False]) if not self.bad() else self.wrong_type()
            if self.maybe(0.2):
                a["cleanup"] = self.pick([True, False]) if not self.bad() else self.wrong_type()
        elif tool == "resume_session":
            a["job_id"] = self.job_id()
            a["prompt"] = self.pick(["more", "fix it"]) if not self.bad() else self.pick([self.odd(), self.wrong_type()])
            if self.maybe(0.2):
                a["timeout_minutes"] = self.number(0.01, 2)
            if self.maybe(0.1):
                a["stall_minutes"] = self.number(0.01, 2)
        elif tool == "decompose_plan":
            x = self.r.random()
            plan_paths = []
            if x < 0.45:
                a["plan"] = self.plan_md(plan_paths) if not (self.bad() and self.maybe(0.2)) else self.wrong_type()
            elif x < 0.7:
                a["plan_path"] = self.path()
            else:
                tasks = []
                for i in range(self.r.randint(1, 3)):
                    t = {"id": str(i + 1) if not self.bad() else self.pick([self.odd(), self.wrong_type()]),
                         "title": self.pick(["Write a", "Test a"]) if not self.bad() else self.odd()}
                    if self.maybe(0.6):
                        t["files"] = self.strlist(self.path)
                        if isinstance(t["files"], list):
                            plan_paths.extend(t["files"])
                    if self.maybe(0.3):
                        t["depends_on"] = self.strlist(lambda: str(self.r.randint(1, i)) if (i and not self.bad()) else self.odd(), 1)
                    if self.maybe(0.7):
                        t["provider"] = "sh" if not self.bad() else self.pick(["claude", "../x", self.wrong_type()])
                    if self.maybe(0.5):
                        t["prompt"] = "do it" if not self.bad() else self.odd()
                    tasks.append(t)
                a["tasks"] = tasks if self.maybe(0.93) else self.wrong_type()
            if self.maybe(0.25):
                a["workdir"] = self.path()
            if self.maybe(0.2):
                a["feature"] = self.pick(["feat", "../x", "/etc", self.odd(), self.wrong_type()])
            wd = a.get("workdir")
            if "workdir" in a:
                paths.append(("workdir", a["workdir"], None))
            if "plan_path" in a:
                paths.append(("plan_path", a["plan_path"], wd))
            paths.extend(("files", p, wd) for p in plan_paths)
        if self.h and self.maybe(0.05):
            a[self.pick(["bogus", "", "__proto__", "workdir ", "x" * 100])] = self.wrong_type()  # unknown field
        return tool, a, paths

    def learn(self, tool, r):
        s = sc(r)
        if not isinstance(s, dict):
            return
        if s.get("job_id") and isinstance(s["job_id"], str):
            self.jobs.append(s["job_id"])
        for j in s.get("jobs") or []:
            if isinstance(j, dict) and isinstance(j.get("job_id"), str) and tool == "spawn_agent":
                self.jobs.append(j["job_id"])
        if tool == "decompose_plan" and isinstance(s.get("session"), str):
            self.sessions.append(s["session"])
            for t in s.get("tasks") or []:
                if isinstance(t, dict) and isinstance(t.get("id"), str) and t["id"] not in self.task_ids:
                    self.task_ids.append(t["id"])
        self.jobs = self.jobs[-200:]
        self.sessions = self.sessions[-20:]
        self.task_ids = self.task_ids[-30:]


def tree_snapshot(top, skip=(), names_only=()):
    """(size, mtime) of every file under top; dirs as names. skip: not entered; names_only: dirs
    whose entries are listed by name but not entered."""
    snap = {}
    for root, dirs, files in os.walk(top):
        rel = os.path.relpath(root, top)
        if rel in skip:
            dirs[:] = []
            continue
        for d in dirs:
            snap[os.path.join(rel, d) + "/"] = None
        if rel in names_only:
            dirs[:] = []
        for f in files:
            p = os.path.join(root, f)
            try:
                st = os.lstat(p)
                snap[os.path.join(rel, f)] = (st.st_size, st.st_mtime_ns)
            except FileNotFoundError:
                pass
    return {k[2:] if k.startswith("./") else k: v for k, v in snap.items()}


def project_snapshot(proj):
    """Every file of the project but git objects, the server log and worktree contents (their names stay)."""
    snap = tree_snapshot(proj, skip=(".git/objects",), names_only=(".context/worktrees",))
    snap.pop(".context/bg-agents.log", None)
    return snap


def diff(a, b):
    ch = []
    for k in sorted(set(a) | set(b)):
        if a.get(k, "∅") != b.get(k, "∅"):
            ch.append(("+" if k not in a else "-" if k not in b else "~") + k)
    return ch


def outside_snapshot(world):
    s = {"root:" + n: None for n in os.listdir(world.root) if not n.startswith("proj") and n != "logs"}
    for k, v in tree_snapshot(world.out).items():
        s["outside:" + k] = v
    for k, v in tree_snapshot(world.other, skip=(".git/objects",)).items():
        s["other:" + k] = v
    try:
        st = os.lstat(PWNED)
        s[PWNED] = (st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        pass
    return s


def active_job_paths(proj):
    """Path prefixes (relative to the project) that jobs still active may change on their own."""
    d = os.path.join(proj, ".context", "jobs")
    prefixes = []
    if not os.path.isdir(d):
        return prefixes
    for j in os.listdir(d):
        try:
            with open(os.path.join(d, j, "job.json")) as f:
                rec = json.load(f)
        except Exception:
            rec = None  # a job being made: leave it out too
        st = ((rec or {}).get("state") or {}).get("status")
        try:
            age = time.time() - os.stat(os.path.join(d, j, "job.json")).st_mtime
        except OSError:
            age = 0
        # settled: ended, summary written, record untouched for 3 s (an end is finished in the background)
        if st in TERMINAL and os.path.exists(os.path.join(d, j, "summary.md")) and age > 3:
            continue
        prefixes += [f".context/jobs/{j}/", f".context/worktrees/{j}/", f".git/worktrees/{j}/",
                     f".git/refs/heads/bg/{j}", f".git/logs/refs/heads/bg/{j}"]
        ws = (rec or {}).get("workspace") or {}
        if ws.get("path"):
            w = os.path.basename(ws["path"].rstrip("/"))
            prefixes += [f".context/worktrees/{w}/", f".git/worktrees/{w}/"]
        if ws.get("branch"):
            prefixes += [".git/refs/heads/" + ws["branch"], ".git/logs/refs/heads/" + ws["branch"]]
    if prefixes:
        # a job's commit in its worktree also lands in the main reflog of HEAD (JGit)
        prefixes += [".git/logs/HEAD"]
    return prefixes


# a plan's status, summary and result files (directly in its session directory) follow its jobs in
# the background; its task files and the list of plans are still compared
PLAN_FILES = re.compile(r"^\.context/impl/[^/]+/[^/]+$")


def changed_outside_active(before, after, prefixes):
    out = []
    for c in diff(before, after):
        p = c[1:]
        if any(p == x.rstrip("/") or p.startswith(x) for x in prefixes) or PLAN_FILES.match(p):
            continue
        out.append(c)
    return out


def short(v, n=90):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= n else s[:n] + "…"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar")
    ap.add_argument("--calls", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--per-project", type=int, default=1000)
    ap.add_argument("--check-every", type=int, default=10, help="disk check on every Nth call, when refused")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print every call and the start of its answer")
    a = ap.parse_args()
    jar = os.path.abspath(a.jar)
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rnd = random.Random(seed)
    root = tempfile.mkdtemp(prefix="bg-faults-fuzz-")
    print(f"fuzz_calls: {a.calls} calls, seed {seed}, jar {jar}, temp {root}", flush=True)
    os.makedirs(os.path.join(root, "logs"))
    world = World(root)
    gen = Gen(rnd, world)
    pwned_before = os.path.exists(PWNED)
    if pwned_before:
        print(f"note: {PWNED} exists before the run; only a change to it counts")
    outside0 = None
    server = None
    counts = {"server exits": 0, "exception texts": 0, "escapes": 0, "disk changes on refusal": 0, "unanswered": 0}
    examples = {k: [] for k in counts}
    per_tool = {}
    refused = 0
    checked = 0
    t0 = time.time()
    nerr = 0

    def start():
        nonlocal server, nerr
        nerr += 1
        server = Server(jar, world.proj, world.cfg, stderr_path=os.path.join(root, "logs", f"server{nerr}.err"))
        server.initialize()

    def note(kind, msg):
        counts[kind] += 1
        if len(examples[kind]) < 12:
            examples[kind].append(msg)

    for i in range(a.calls):
        if i % a.per_project == 0:
            if server:
                server.close()
                old = world.proj
                shutil.rmtree(old, ignore_errors=True)
            world.new_project()
            gen.reset()
            start()
            if outside0 is None:
                outside0 = outside_snapshot(world)
        tool, args, paths = gen.call()
        check = a.check_every > 0 and i % a.check_every == 0
        before = None
        if check:
            before = project_snapshot(world.proj)
            active = active_job_paths(world.proj)
        tc = time.time()
        try:
            r = server.call(tool, args, timeout=60)
        except ServerGone:
            rc = server.p.poll()
            note("server exits", f"call {i} {tool} {short(args)} -> server exited (rc {rc})")
            server.kill9()
            start()
            continue
        except TimeoutError:
            note("unanswered", f"call {i} {tool} {short(args)} -> no answer in 60 s")
            server.kill9()
            start()
            continue
        dt = time.time() - tc
        pt = per_tool.setdefault(tool, [0, 0, 0.0])
        pt[0] += 1
        pt[2] += dt
        err = is_error(r)
        if err:
            refused += 1
            pt[1] += 1
        else:
            gen.learn(tool, r)
        t = text(r)
        if a.verbose:
            print(f"{i} {tool} {short(args, 160)} -> {'REFUSED ' if err else ''}{t[:140]!r}")
        m = EXC.search(t)
        if m:
            at = max(0, m.start() - 60)
            note("exception texts", f"call {i} {tool} {short(args)} -> …{t[at:m.end() + 80]!r}")
        if not err:
            bad = [(f, v) for f, v, wd in paths if outside(world, v, wd, server.p.pid)]
            if tool == "decompose_plan":
                # the files the plan's tasks were given, as the server answered them
                wd = args.get("workdir")
                for task in sc(r).get("tasks") or []:
                    for v in (task.get("files") or []) if isinstance(task, dict) else []:
                        if outside(world, v, wd, server.p.pid):
                            bad.append(("answered task files", v))
            if bad:
                note("escapes", f"call {i} {tool} accepted {', '.join(f'{f}={short(v, 60)}' for f, v in bad)}; "
                                f"call {short(args, 700)} -> {t[:160]!r}")
        now = outside_snapshot(world)
        ch = diff(outside0, now)
        if ch:
            note("escapes", f"after call {i} {tool} {short(args)}: outside the project changed: {ch[:5]}")
            outside0 = now
        if check and before is not None and err:
            checked += 1
            after = project_snapshot(world.proj)
            ch = changed_outside_active(before, after, active)
            if ch:
                note("disk changes on refusal", f"call {i} {tool} {short(args)} refused ({t[:80]!r}) but changed {ch[:6]}")
        if not server.alive():
            note("server exits", f"call {i} {tool} {short(args)} -> server exited after answering (rc {server.p.poll()})")
            server.kill9()
            start()
        if (i + 1) % 1000 == 0:
            print(f"  {i + 1} calls, {time.time() - t0:.0f}s, refused {refused}, " +
                  ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
    if server:
        server.close()
    elapsed = time.time() - t0
    print()
    print("per tool: calls / refused / mean ms")
    for tool, (n, nr, s) in sorted(per_tool.items()):
        print(f"  {tool:15s} {n:6d} {nr:6d} {1000 * s / max(n, 1):7.1f}")
    print(f"refused {refused} of {a.calls}; disk checks made on {checked} refused calls (every {a.check_every}th call)")
    for k, ex in examples.items():
        if ex:
            print(f"{k} ({counts[k]}), first ones:")
            for e in ex:
                print("  " + e)
    print(f"runtime {elapsed:.0f}s")
    print(f"unanswered calls {counts['unanswered']}")
    print(f"tool calls: {a.calls} (seed {seed}); server exits {counts['server exits']}; exception texts "
          f"{counts['exception texts']}; escapes {counts['escapes']}; disk changes on refusal {counts['disk changes on refusal']}")
    if a.keep or any(counts.values()):
        print(f"kept {root} (server logs in logs/)")
    else:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
