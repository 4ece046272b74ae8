import os
OUT = os.environ.get('PROBE_OUT', '/tmp/bg-probe'); os.makedirs(OUT, exist_ok=True)
BIN = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '.tools', 'node_modules', '.bin')
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
LOG = open(OUT + '/a-requests.jsonl', 'a')
def sse(w, ev, d): w.write(f"event: {ev}\ndata: {json.dumps(d)}\n\n".encode())
class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'
    def log_message(self, *a): pass
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        LOG.write(json.dumps(body) + "\n"); LOG.flush()
        msgs = body.get('messages', [])
        last = msgs[-1]['content'] if msgs else []
        has_result = isinstance(last, list) and any(isinstance(c, dict) and c.get('type') == 'tool_result' for c in last)
        tools = [t.get('name') for t in body.get('tools', [])]
        self.send_response(200); self.send_header('Content-Type', 'text/event-stream'); self.end_headers()
        w = self.wfile
        sse(w, 'message_start', {"type": "message_start", "message": {"id": "m1", "type": "message", "role": "assistant", "model": body.get('model'), "content": [], "stop_reason": None, "usage": {"input_tokens": 10, "output_tokens": 1}}})
        if 'bash' in tools and not has_result:
            sse(w, 'content_block_start', {"type": "content_block_start", "index": 0, "content_block": {"type": "tool_use", "id": "toolu_1", "name": "bash", "input": {}}})
            sse(w, 'content_block_delta', {"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta", "partial_json": json.dumps({"command": "touch made-by-shell.txt", "description": "make a file"})}})
            sse(w, 'content_block_stop', {"type": "content_block_stop", "index": 0})
            sse(w, 'message_delta', {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 5}})
        else:
            text = "a title" if 'bash' not in tools else "done: " + json.dumps(last)[:200]
            sse(w, 'content_block_start', {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}})
            sse(w, 'content_block_delta', {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}})
            sse(w, 'content_block_stop', {"type": "content_block_stop", "index": 0})
            sse(w, 'message_delta', {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}})
        sse(w, 'message_stop', {"type": "message_stop"})
s = ThreadingHTTPServer(('127.0.0.1', 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
