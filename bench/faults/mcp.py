"""Shared helpers for the fault suite: a minimal MCP stdio client for bg-agents and git helpers.

Standard library only. A Server is one `java -jar JAR` process; calls may come from several
threads (each call waits for its own id; a reader thread routes answers).
"""
import json, os, subprocess, threading, time, queue, shutil, tempfile

PROTOCOL = "2025-06-18"


class ServerGone(Exception):
    pass


class Server:
    def __init__(self, jar, project, config, stderr_path=None, extra_env=None, jvm_args=None, wrap=None):
        env = dict(os.environ, BG_AGENTS_PROJECT=project, BG_AGENTS_CONFIG=config,
                   # the jobs' worktrees (outside the checkout) in this run's directory, not the real home
                   XDG_STATE_HOME=os.path.join(os.path.dirname(os.path.abspath(project)), "state"))
        if extra_env:
            env.update(extra_env)
        self.err = open(stderr_path, "ab") if stderr_path else subprocess.DEVNULL
        self.p = subprocess.Popen([*(wrap or []), "java", *(jvm_args or []), "-jar", jar], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, env=env, cwd=project)
        self.lock = threading.Lock()
        self.nid = 0
        self.waiters = {}
        self.wlock = threading.Lock()
        self.dead = False
        self.t = threading.Thread(target=self._reader, daemon=True)
        self.t.start()

    def _reader(self):
        try:
            for line in self.p.stdout:
                try:
                    m = json.loads(line)
                except Exception:
                    continue
                if isinstance(m, dict) and "id" in m and "method" not in m:
                    with self.wlock:
                        q = self.waiters.pop(m["id"], None)
                    if q is not None:
                        q.put(m)
        finally:
            self.dead = True
            with self.wlock:
                ws = list(self.waiters.values())
                self.waiters.clear()
            for q in ws:
                q.put(None)

    def send_raw(self, obj):
        data = (json.dumps(obj) + "\n").encode()
        with self.lock:
            try:
                self.p.stdin.write(data)
                self.p.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                raise ServerGone()

    def request(self, method, params, timeout=120, send_only=False):
        with self.lock:
            self.nid += 1
            i = self.nid
        q = queue.Queue()
        with self.wlock:
            if self.dead:
                raise ServerGone()
            self.waiters[i] = q
        self.send_raw({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        if send_only:
            return None
        try:
            m = q.get(timeout=timeout)
        except queue.Empty:
            with self.wlock:
                self.waiters.pop(i, None)
            raise TimeoutError(f"{method} not answered in {timeout}s")
        if m is None:
            raise ServerGone()
        return m

    def initialize(self, timeout=60):
        r = self.request("initialize", {"protocolVersion": PROTOCOL, "capabilities": {},
                                        "clientInfo": {"name": "faults", "version": "1"}}, timeout=timeout)
        self.send_raw({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return r

    def call(self, tool, args, timeout=120, send_only=False):
        return self.request("tools/call", {"name": tool, "arguments": args}, timeout=timeout, send_only=send_only)

    def kill9(self):
        try:
            self.p.kill()
        except Exception:
            pass
        try:
            self.p.wait(timeout=10)
        except Exception:
            pass
        self._close()

    def close(self):
        try:
            self.p.stdin.close()
        except Exception:
            pass
        try:
            self.p.wait(timeout=10)
        except Exception:
            self.kill9()
        self._close()

    def _close(self):
        if self.err not in (None, subprocess.DEVNULL):
            try:
                self.err.close()
            except Exception:
                pass

    def alive(self):
        return self.p.poll() is None and not self.dead


def is_error(m):
    """True when a JSON-RPC answer is a refusal: JSON-RPC error or result.isError."""
    if m is None:
        return True
    if "error" in m:
        return True
    return bool((m.get("result") or {}).get("isError"))


def text(m):
    """All text of an answer (content texts, structuredContent, error), for detectors."""
    if m is None:
        return ""
    if "error" in m:
        return json.dumps(m["error"], ensure_ascii=False)
    res = m.get("result") or {}
    parts = []
    for c in res.get("content") or []:
        if isinstance(c, dict) and "text" in c:
            parts.append(str(c["text"]))
    if "structuredContent" in res:
        parts.append(json.dumps(res["structuredContent"], ensure_ascii=False))
    return "\n".join(parts)


def sc(m):
    return ((m or {}).get("result") or {}).get("structuredContent") or {}


def git(d, *args, check=True):
    r = subprocess.run(["git", "-C", d, *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} in {d}: {r.stderr.strip()}")
    return r.stdout


def git_rc(d, *args):
    return subprocess.run(["git", "-C", d, *args], capture_output=True, text=True).returncode


def make_repo(path, files=None):
    os.makedirs(path, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "faults")
    git(path, "config", "user.email", "faults@localhost")
    git(path, "config", "commit.gpgsign", "false")
    files = files or {"README.md": "x\n"}
    for name, content in files.items():
        fp = os.path.join(path, name)
        os.makedirs(os.path.dirname(fp), exist_ok=True)
        with open(fp, "w") as f:
            f.write(content)
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "initial")
    return path


def write_config(path, command, **extra):
    cfg = {"default_provider": "sh", "providers": {"sh": {"command": ["bash", "-c", command], "output": "text"}}}
    cfg.update(extra)
    with open(path, "w") as f:
        json.dump(cfg, f)
    return path


def job_record(project, job_id):
    try:
        with open(os.path.join(project, ".context", "jobs", job_id, "job.json")) as f:
            return json.load(f)
    except Exception:
        return None


def lock_files(project):
    """Leftover lock and JGit temp files in the main checkout's .git and in every worktree."""
    found = []
    gd = os.path.join(project, ".git")
    if os.path.exists(os.path.join(gd, "index.lock")):
        found.append(".git/index.lock")
    for extra in ("HEAD.lock", "config.lock", "packed-refs.lock"):
        if os.path.exists(os.path.join(gd, extra)):
            found.append(".git/" + extra)
    wtd = os.path.join(gd, "worktrees")
    if os.path.isdir(wtd):
        for w in os.listdir(wtd):
            for n in ("index.lock", "HEAD.lock"):
                if os.path.exists(os.path.join(wtd, w, n)):
                    found.append(f".git/worktrees/{w}/{n}")
    for root, dirs, files in os.walk(os.path.join(gd, "refs")):
        for n in files:
            if n.endswith(".lock"):
                found.append(os.path.relpath(os.path.join(root, n), project))
    # JGit temp files (._<name>.tmp / .tmp files next to the file being replaced) in the tree, worktrees, .git
    for root, dirs, files in os.walk(project):
        for n in files:
            if n.startswith("._") and n.endswith(".tmp"):
                found.append(os.path.relpath(os.path.join(root, n), project))
    return found
