import os
OUT = os.environ.get('PROBE_OUT', '/tmp/bg-probe'); os.makedirs(OUT, exist_ok=True)
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.tools', 'node_modules', '.bin')
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
LOG = open(OUT + '/requests.jsonl', 'a')
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        LOG.write(json.dumps(body) + "\n"); LOG.flush()
        props = body.get('generationConfig', {}).get('responseJsonSchema', {}).get('properties', {})
        if 'complexity_score' in props:
            part = {"text": json.dumps({"complexity_reasoning": "small", "complexity_score": 10})}
        else:
            last = body['contents'][-1]['parts']
            if any('functionResponse' in p for p in last):
                fr = [p for p in last if 'functionResponse' in p][0]
                part = {"text": "done: " + json.dumps(fr)[:300]}
            else:
                part = {"functionCall": {"name": "run_shell_command", "args": {"command": "touch made-by-shell.txt", "description": "make a file"}}}
        chunk = {"candidates": [{"content": {"role": "model", "parts": [part]}, "finishReason": "STOP", "index": 0}],
                 "usageMetadata": {"promptTokenCount": 20, "candidatesTokenCount": 10, "totalTokenCount": 30}, "modelVersion": "m"}
        data = ("data: " + json.dumps(chunk) + "\r\n\r\n").encode()
        self.send_response(200); self.send_header('Content-Type', 'text/event-stream'); self.send_header('Content-Length', str(len(data))); self.end_headers()
        self.wfile.write(data)
s = ThreadingHTTPServer(('127.0.0.1', 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
