"""The dashboard under connections that never finish: threads and memory of its process.

python3 bench/repro/dashboard_flood.py JAR [--half 5000] [--sse 300] [--settle 8]

Starts `bin/bg-agents dashboard` (BG_AGENTS_JAR=JAR: the launcher's heap cap and flags) on a
scratch project and reads /proc/<pid>/status (Threads, VmRSS, VmHWM) at each step:
1. idle;
2. --half connections that send half a request without the token ("GET /x HTTP/1.1" and one
   header, never the blank line), held open; then a real request for jobs.json, tried again
   every 0.2 s while it is refused, timed;
3. the same after --settle seconds, the half-sent ones still open on the client's side;
4. --sse clients of the event stream (with the token), each reading its first event; how many
   were answered 200 and how many refused;
5. those clients gone (sockets closed): how long until a new page's stream is answered 200.
Prints one table; every figure is what this run saw.
"""
import argparse, os, socket, subprocess, sys, tempfile, time


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Threads", "VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def request(port, path, timeout=60):
    t = time.time()
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
        return data.split(b"\r\n", 1)[0].decode(errors="replace"), time.time() - t
    except OSError as e:
        return f"failed: {e}", time.time() - t
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jar")
    ap.add_argument("--half", type=int, default=5000)
    ap.add_argument("--sse", type=int, default=300)
    ap.add_argument("--settle", type=float, default=8)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    launcher = os.path.join(here, "..", "..", "bin", "bg-agents")
    d = tempfile.mkdtemp(prefix="dashflood-")
    subprocess.run(["git", "init", "-q", "-b", "main", d], check=True)
    env = dict(os.environ, BG_AGENTS_JAR=os.path.abspath(a.jar))
    p = subprocess.Popen([launcher, "dashboard", "--project", d], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                         env=env, text=True)
    url = p.stdout.readline().strip().split(" ")[-1]
    port = int(url.split(":")[2].split("/")[0])
    path = url[url.index("/t/"):]
    pid = p.pid
    rows = []

    def row(what, extra=""):
        s = status(pid)
        rows.append((what, s["Threads"], s["VmRSS"] // 1024, s["VmHWM"] // 1024, extra))

    time.sleep(1)
    row("idle")
    half = []
    t0 = time.time()
    for i in range(a.half):
        if i % 500 == 0:
            print(f"  {i} half-sent connections open ({time.time() - t0:.0f} s)", file=sys.stderr, flush=True)
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            c.sendall(f"GET /x HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n".encode())
            half.append(c)
        except OSError:
            pass
    time.sleep(1)
    t0, refused = time.time(), 0
    while True:
        line, took = request(port, path + "jobs.json")
        if line.startswith("HTTP/") or time.time() - t0 > 60:
            break
        refused += 1
        time.sleep(0.2)
    row(f"{a.half} half-sent requests open", f"then jobs.json: {line} after {time.time() - t0:.1f} s"
        + (f" ({refused} tries refused first)" if refused else ""))
    time.sleep(a.settle)
    row(f"... {a.settle:g} s later, still open on the client's side")
    for c in half:
        c.close()
    time.sleep(1)
    sse, codes = [], {}
    for i in range(a.sse):
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            c.sendall(f"GET {path}events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            head = c.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
            code = head.split(" ")[1] if " " in head else head or "closed"
            codes[code] = codes.get(code, 0) + 1
            sse.append(c)
        except OSError as e:
            codes["error"] = codes.get("error", 0) + 1
    time.sleep(1)
    row(f"{a.sse} event-stream clients", ", ".join(f"{n} answered {k}" for k, n in sorted(codes.items())))
    for c in sse:
        c.close()
    t0 = time.time()
    while True:
        line = ""
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=10)
            c.sendall(f"GET {path}events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            line = c.recv(4096).split(b"\r\n", 1)[0].decode(errors="replace")
            c.close()
        except OSError:
            pass
        if " 200 " in line or time.time() - t0 > 60:
            break
        time.sleep(0.2)
    row("those clients gone", f"a new page's stream: {line} after {time.time() - t0:.1f} s")
    p.terminate()
    p.wait(10)
    print(f"dashboard of {a.jar}: threads, resident MB, peak resident MB")
    print(f"| step | threads | RSS MB | peak MB | |\n|---|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} |")


if __name__ == "__main__":
    main()
