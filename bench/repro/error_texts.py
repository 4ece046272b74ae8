import subprocess, json, sys, tempfile, os
jar=os.path.abspath(sys.argv[1])
d=tempfile.mkdtemp(); subprocess.run("git init -q -b main && echo x > a && git add a && git -c user.name=t -c user.email=t@t commit -qm i", shell=True, cwd=d)
cfg=os.path.join(d,'.git','bg.json'); open(cfg,'w').write('{"providers":{"claude":{"command":["bash","'+os.path.abspath(os.path.join(os.path.dirname(__file__),"../../src/test/resources/standins/claude-standin.sh"))+'"]}}}')
p=subprocess.Popen(['java','-jar',jar],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL,cwd=d,env=dict(os.environ,BG_AGENTS_PROJECT=d,BG_AGENTS_CONFIG=cfg))
n=[0]
def req(m,params):
    n[0]+=1; p.stdin.write((json.dumps({"jsonrpc":"2.0","id":n[0],"method":m,"params":params})+"\n").encode()); p.stdin.flush()
    while True:
        l=json.loads(p.stdout.readline())
        if l.get('id')==n[0]: return l
req("initialize",{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"x","version":"1"}})
p.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n'); p.stdin.flush()
def call(name,args):
    r=req("tools/call",{"name":name,"arguments":args})
    t=r.get('result',{}).get('content',[{}])[0].get('text') if 'result' in r else json.dumps(r.get('error'))
    return t
# a finished job with a worktree
j=json.loads(json.dumps(req("tools/call",{"name":"spawn_agent","arguments":{"prompt":"write n.txt"}})))
jid=j['result']['structuredContent']['job_id']
call("job_status",{"job_ids":[jid],"wait":"all"})
cases=[("merge_worktree",{"job_id":jid,"into":"../x"}),("merge_worktree",{"job_id":jid,"into":"a b;c"}),("merge_worktree",{"job_id":jid,"into":"main.lock"}),
("merge_worktree",{"job_id":jid,"into":"main~1","dry_run":True}),("merge_worktree",{"job_id":jid,"into":"main~1"}),("spawn_agent",{"prompt":"x","base":"HEAD@{"}),("decompose_plan",{"plan":"# P\n1. a","workdir":"\u0000"}),
("merge_worktree",{"job_id":jid,"into":"--upload-pack=x"}),("spawn_agent",{"prompt":"x","base":"-D"}),("read_summary",{"job_id":"../../etc"}),("cancel_job",{"job_id":"\u0000"}),("spawn_agent",{"prompt":"x","session":"../x"}),("spawn_agent",{"prompt":"x","model":"--foo"})]
bad=0
for name,a in cases:
    t=call(name,a)
    ex=('Exception' in t) or ('LOCK_FAILURE' in t) or ('at org.' in t)
    bad+=ex
    print(('EXC ' if ex else 'ok  ')+name, json.dumps(a)[:60], '->', t[:150].replace('\n',' '))
print("exception-like answers:", bad, "of", len(cases))
p.stdin.close(); p.wait()
