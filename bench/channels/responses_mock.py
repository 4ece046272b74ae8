import os
OUT = os.environ.get('PROBE_OUT', '/tmp/bg-probe'); os.makedirs(OUT, exist_ok=True)
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.tools', 'node_modules', '.bin')
import json, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
LOG = open(OUT + '/requests.jsonl', 'a')
n = [0]
def ev(w, t, d): d = dict(d, type=t); w.write(f"event: {t}\ndata: {json.dumps(d)}\n\n".encode()); w.flush()
class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'
    def log_message(self, *a): pass
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        LOG.write(json.dumps(body) + "\n"); LOG.flush()
        n[0] += 1
        outs = [i for i in body.get('input', []) if i.get('type') in ('custom_tool_call_output', 'function_call_output')]
        self.send_response(200); self.send_header('Content-Type', 'text/event-stream'); self.end_headers()
        w = self.wfile
        resp = {"id": f"resp_{n[0]}", "object": "response", "status": "in_progress", "model": body.get('model'), "output": []}
        ev(w, "response.created", {"response": resp})
        if len(outs) == 0:
            item = {"type": "custom_tool_call", "id": "ctc_1", "status": "completed", "call_id": "call_1", "name": "apply_patch",
                    "input": "*** Begin Patch\n*** Add File: made.txt\n+made\n*** End Patch\n"}
        else:
            time.sleep(float(open(OUT + '/delay').read()) if __import__('os').path.exists(OUT + '/delay') else 0)
            item = {"type": "message", "id": f"msg_{n[0]}", "status": "completed", "role": "assistant",
                    "content": [{"type": "output_text", "text": "done after " + json.dumps(outs[-1])[:200], "annotations": []}]}
        ev(w, "response.output_item.added", {"output_index": 0, "item": item})
        ev(w, "response.output_item.done", {"output_index": 0, "item": item})
        done = dict(resp, status="completed", output=[item], usage={"input_tokens": 40, "output_tokens": 16, "total_tokens": 56,
                    "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}})
        ev(w, "response.completed", {"response": done})
s = ThreadingHTTPServer(('127.0.0.1', 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
