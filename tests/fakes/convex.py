#!/usr/bin/env python3
"""A fake Convex deployment's HTTP actions for revenue snapshots (apis.md
section 7), as the handler rt expects is written: POST /revenue/snapshot
wants the shared secret in an x-api-secret header (or as a Bearer token),
stores the JSON body and answers {"ok":true,"id":"snap_N"} (compact, as
Response.json does); a repeated Idempotency-Key answers the first id again
and stores nothing.  GET /revenue/latest returns the last snapshot's exact
bytes, or 404 with an empty body.  401 "unauthorized" on a wrong secret,
400 on a body that is not a JSON object, 404 on other paths.  The fakelib
faults apply to the POST."""

import json

import fakelib

SECRET = "convex_test_secret_7Hq2LmX9"


class Convex(fakelib.Handler):
    snapshots = []  # raw bodies, in order
    by_key = {}     # Idempotency-Key -> id

    def compact(self, status, obj):
        self.send(status, json.dumps(obj, separators=(",", ":")))

    def route(self, method, path, query, body):
        if path == "/revenue/latest" and method == "GET":
            if not Convex.snapshots:
                return self.send(404, b"", "text/plain")
            return self.send(200, Convex.snapshots[-1])
        if path != "/revenue/snapshot" or method != "POST":
            return self.send(404, "Not found", "text/plain")
        secret = self.server.args.secret
        if self.headers.get("x-api-secret") != secret and \
                self.headers.get("Authorization") != "Bearer " + secret:
            return self.send(401, "unauthorized", "text/plain")
        if self.fault():
            return
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            return self.compact(400, {"ok": False, "error": "the body is not a JSON object"})
        key = self.headers.get("Idempotency-Key")
        with self.server.lock:
            if key and key in Convex.by_key:
                return self.compact(200, {"ok": True, "id": Convex.by_key[key]})
            Convex.snapshots.append(body)
            sid = "snap_%d" % len(Convex.snapshots)
            if key:
                Convex.by_key[key] = sid
        self.compact(200, {"ok": True, "id": sid})


def args(p):
    p.add_argument("--secret", default=SECRET)


if __name__ == "__main__":
    fakelib.main(Convex, args)
