"""Plumbing shared by rt's fake API servers (python3 standard library only).

A fake binds 127.0.0.1 on a free port and writes the port to --port-file,
logs every request as one JSON line to --log, and misbehaves on request:
--faults is a comma-separated list of actions taken by the data requests in
turn (then "ok"); --chaos P makes each data request fail at random with
probability P (seeded by --seed).  Actions:

  ok                   answer normally
  401                  refuse the credential
  429                  429 with no hint of when to come back
  429-ratelimit        429 with Close's "RateLimit: limit=100, remaining=0, reset=1"
  429-retry-after      429 with "Retry-After: 1"
  429-retry-date       429 with "Retry-After: <HTTP date a second away>"
  429-ratelimit-reset  429 with "RateLimit-Reset: 1"
  429-x-reset          429 with "X-RateLimit-Reset: 1"
  429-x-reset-epoch    429 with "X-RateLimit-Reset: <Unix time a second away>"
  500 502 503 504      that status with a short JSON error
  reset                close the connection without an answer
  stall                say nothing for --stall seconds, then answer normally
  truncate             promise a longer body than is sent, then close
  nonjson              200 with an HTML page
  repeat               the API's own way of repeating a page or cursor
  redirect-301 ... redirect-308   that status with "Location: <--redirect-to>"
  429-retry-huge       429 with a Retry-After of 20 digits (past int64)
  429-ratelimit-huge   429 with Close's RateLimit and reset=<20 digits>
  429-x-reset-huge     429 with an X-RateLimit-Reset of 20 digits
  echo                 400 showing what was sent, as a careless server does:
                       a form body re-encoded (+ for a space), the
                       Authorization and x-api-secret headers
"""

import argparse
import base64
import email.utils
import http.server
import json
import os
import random
import sys
import threading
import time
import urllib.parse

CHAOS = ["429", "429-ratelimit", "429-retry-after", "429-x-reset", "500", "502", "503",
         "504", "reset", "stall", "truncate", "repeat"]


class Handler(http.server.BaseHTTPRequestHandler):
    """Subclasses define route(method, path, query, body) and answer with send_json etc."""

    protocol_version = "HTTP/1.1"
    server_version = "fake/1"

    def log_message(self, *args):
        pass

    # Plumbing -------------------------------------------------------------

    def _handle(self, method):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        self.body = body
        self.server.record({
            "method": method, "path": url.path, "query": query,
            "auth": self.headers.get("Authorization"),
            "accept": self.headers.get("Accept"),
            "content_type": self.headers.get("Content-Type"),
            "user_agent": self.headers.get("User-Agent"),
            "idempotency_key": self.headers.get("Idempotency-Key"),
            "headers": {k: v for k, v in self.headers.items()},
            "body": body.decode("utf-8", "replace"),
        })
        try:
            self.route(method, url.path, query, body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_PUT(self):
        self._handle("PUT")

    # Answers --------------------------------------------------------------

    def send(self, status, body, ctype="application/json", headers=None):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, obj, headers=None):
        self.send(status, json.dumps(obj), "application/json", headers)

    def basic_auth(self):
        """(user, password) from an HTTP Basic header, or None."""
        h = self.headers.get("Authorization") or ""
        if not h.startswith("Basic "):
            return None
        try:
            user, _, pw = base64.b64decode(h[6:]).decode().partition(":")
        except Exception:
            return None
        return user, pw

    # Faults ---------------------------------------------------------------

    def fault(self, action=None):
        """Takes the next action (or the one given, for a fake that keeps a second
        list for another endpoint); answers and returns True when it was a fault.
        Sets self.repeat for the API's own repeat behaviour."""
        self.repeat = False
        if action is None:
            action = self.server.next_action()
        if action == "ok":
            return False
        if action == "repeat":
            self.repeat = True
            return False
        if action == "stall":
            time.sleep(self.server.stall)
            return False
        if action == "reset":
            self.close_connection = True
            try:
                self.connection.shutdown(2)
            except OSError:
                pass
            return True
        if action == "truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b'{"data": [{"id": "tru')
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if action == "nonjson":
            self.send(200, "<html><body><h1>Service temporarily unavailable</h1></body></html>",
                      "text/html")
            return True
        if action == "401":
            self.send_json(401, {"error": "Unauthorized"})
            return True
        if action.startswith("429"):
            h = {
                "429": {},
                "429-ratelimit": {"RateLimit": "limit=100, remaining=0, reset=1"},
                "429-retry-after": {"Retry-After": "1"},
                "429-retry-date": {"Retry-After": email.utils.formatdate(time.time() + 1, usegmt=True)},
                "429-ratelimit-reset": {"RateLimit-Reset": "1"},
                "429-x-reset": {"X-RateLimit-Reset": "1"},
                "429-x-reset-epoch": {"X-RateLimit-Reset": str(int(time.time()) + 1)},
                "429-retry-huge": {"Retry-After": "99999999999999999999"},
                "429-ratelimit-huge": {"RateLimit": "limit=100, remaining=0, reset=99999999999999999999"},
                "429-x-reset-huge": {"X-RateLimit-Reset": "99999999999999999999"},
            }[action]
            self.send_json(429, {"error": "rate limited"}, h)
            return True
        if action == "echo":
            form = urllib.parse.parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True)
            self.send(400, "bad request; you sent %s, Authorization: %s, x-api-secret: %s" % (
                urllib.parse.urlencode(form), self.headers.get("Authorization"),
                self.headers.get("x-api-secret")), "text/plain")
            return True
        if action.startswith("redirect-"):
            self.send(int(action[9:]), "", "text/plain", {"Location": self.server.args.redirect_to})
            return True
        if action in ("500", "502", "503", "504"):
            self.send_json(int(action), {"error": "upstream trouble " + action})
            return True
        raise SystemExit("unknown fault " + action)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler, args):
        super().__init__(("127.0.0.1", 0), handler)
        self.args = args
        self.lock = threading.Lock()
        self.faults = [a for a in (args.faults or "").split(",") if a]
        self.rng = random.Random(args.seed)
        self.stall = args.stall
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None

    def next_action(self):
        with self.lock:
            if self.faults:
                return self.faults.pop(0)
            if self.args.chaos and self.rng.random() < self.args.chaos:
                return self.rng.choice(CHAOS)
            return "ok"

    def record(self, entry):
        with self.lock:
            if self.log:
                self.log.write(json.dumps(entry, sort_keys=True) + "\n")
                self.log.flush()


def main(handler, add_args=None):
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--log")
    p.add_argument("--faults", default="")
    p.add_argument("--chaos", type=float, default=0.0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stall", type=float, default=5.0)
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--redirect-to", default="/")
    if add_args:
        add_args(p)
    args = p.parse_args()
    srv = Server(handler, args)
    srv.delay = args.delay_ms / 1000.0
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, args.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit("fakelib is a module")
