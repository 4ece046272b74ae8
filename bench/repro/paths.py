import subprocess, json, sys, os, time, tempfile, select
JAR = os.path.abspath(sys.argv[1])
root = tempfile.mkdtemp()
proj = os.path.join(root, "proj"); out = os.path.join(root, "outside"); other = os.path.join(root, "other")
for d in (proj, out, other): os.makedirs(d)
def git(d, *a): subprocess.run(["git","-C",d,*a], check=True, capture_output=True)
for d in (proj, other):
    git(d, "init", "-q", "-b", "main"); open(os.path.join(d,"README.md"),"w").write("x\n")
    git(d, "add", "."); git(d, "-c","user.name=t","-c","user.email=t@t","commit","-q","-m","i")
open(os.path.join(out,"secret.md"),"w").write("TOP SECRET task\n")
open(os.path.join(out,"plan.md"),"w").write("# P\n\n## Tasks\n\n1. Write a.py\n2. Write tests for a.py\n")
os.symlink(out, os.path.join(proj, "link-out"))
os.symlink(os.path.join(out,"secret.md"), os.path.join(proj, "link-secret.md"))
os.symlink(os.path.join(out,"plan.md"), os.path.join(proj, "link-plan.md"))
cfg = os.path.join(root, "cfg.json")
json.dump({"default_provider":"sh","providers":{"sh":{"command":["bash","-c","pwd; sleep 0.2"],"output":"text"}}}, open(cfg,"w"))
env = dict(os.environ, BG_AGENTS_PROJECT=proj, BG_AGENTS_CONFIG=cfg)
p = subprocess.Popen(["java","-jar",JAR], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=proj)
nid=[0]
def call(tool, args):
    nid[0]+=1; i=nid[0]
    msg = {"jsonrpc":"2.0","id":i,"method":"tools/call","params":{"name":tool,"arguments":args}}
    if tool=="init": msg={"jsonrpc":"2.0","id":i,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r","version":"1"}}}
    p.stdin.write((json.dumps(msg)+"\n").encode()); p.stdin.flush()
    while True:
        m=json.loads(p.stdout.readline())
        if m.get("id")==i: return m
call("init",{})
p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'); p.stdin.flush()
checks = [
 ("spawn workdir /etc", "spawn_agent", {"prompt":"x","workdir":"/etc"}),
 ("spawn workdir /", "spawn_agent", {"prompt":"x","workdir":"/"}),
 ("spawn workdir ../outside", "spawn_agent", {"prompt":"x","workdir":"../outside"}),
 ("spawn workdir abs outside", "spawn_agent", {"prompt":"x","workdir":out}),
 ("spawn workdir symlink out", "spawn_agent", {"prompt":"x","workdir":"link-out"}),
 ("spawn workdir other repo", "spawn_agent", {"prompt":"x","workdir":other}),
 ("spawn workdir /tmp", "spawn_agent", {"prompt":"x","workdir":"/tmp"}),
 ("spawn task_file /etc/passwd", "spawn_agent", {"task_file":"/etc/passwd"}),
 ("spawn task_file /proc/self/environ", "spawn_agent", {"task_file":"/proc/self/environ"}),
 ("spawn task_file ../outside/secret.md", "spawn_agent", {"task_file":"../outside/secret.md"}),
 ("spawn task_file abs secret", "spawn_agent", {"task_file":os.path.join(out,"secret.md")}),
 ("spawn task_file symlink", "spawn_agent", {"task_file":"link-secret.md"}),
 ("spawn task_file via link dir", "spawn_agent", {"task_file":"link-out/secret.md"}),
 ("spawn files ../outside/x", "spawn_agent", {"prompt":"x","files":["../outside/x"],"worktree":False}),
 ("spawn files /etc/passwd", "spawn_agent", {"prompt":"x","files":["/etc/passwd"],"worktree":False}),
 ("decompose plan_path ../outside/plan.md", "decompose_plan", {"plan_path":"../outside/plan.md"}),
 ("decompose plan_path abs", "decompose_plan", {"plan_path":os.path.join(out,"plan.md")}),
 ("decompose plan_path symlink", "decompose_plan", {"plan_path":"link-plan.md"}),
 ("decompose plan_path /etc/passwd", "decompose_plan", {"plan_path":"/etc/passwd"}),
 ("decompose workdir /tmp", "decompose_plan", {"plan":"# P\n\n1. Write a.py\n","workdir":"/tmp"}),
 ("decompose workdir ../outside", "decompose_plan", {"plan":"# P\n\n1. Write a.py\n","workdir":"../outside"}),
 ("decompose workdir other repo", "decompose_plan", {"plan":"# P\n\n1. Write a.py\n","workdir":other}),
 ("decompose tasks files ../x", "decompose_plan", {"tasks":[{"id":"a","title":"Write a","files":["../../x.py"]}]}),
 ("decompose plan Files: ../x", "decompose_plan", {"plan":"# P\n\n## Tasks\n\n1. Write a.py\n   Files: ../../etc/x.py\n"}),
]
esc=0
for name, tool, args in checks:
    r = call(tool, args)
    res = r.get("result",{})
    err = res.get("isError") or "error" in r
    txt = (res.get("content") or [{}])[0].get("text","") if res else str(r.get("error"))
    if not err: esc+=1
    print(f"{name:42s} {'refused' if err else 'ESCAPED'}  {txt[:110]!r}")
time.sleep(1)
br = subprocess.run(["git","-C",other,"branch","--list"],capture_output=True,text=True).stdout.split()
print("branches in the other repo:", br)
print(f"{esc} of {len(checks)} path checks escaped")
p.kill()
