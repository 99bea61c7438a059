#!/usr/bin/env python3
"""A fake of Fanvue's GET /insights/earnings (apis.md section 9) over
data/fanvue.json: a Bearer token (401 otherwise), X-Fanvue-API-Version
2025-06-26 (400 without it or with another, 410 for a sunset one),
startDate (included) and endDate (not included) as ISO 8601 instants, size
1 to 50, an opaque cursor, newest first, {"data": [...], "nextCursor": ...}
with nextCursor null on the last page.

Besides fakelib's faults: 'repeat' hands back the cursor it was given."""

import base64
import datetime
import json
import os

import fakelib

ROWS = json.load(open(os.path.join(os.path.dirname(__file__), "data", "fanvue.json")))
TOKEN = "fv_test_Lr5Nw8Qz2Xc6Vb1Mk9Hj3Tp"
VERSION = "2025-06-26"


def instant(s):
    try:
        return datetime.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


class Fanvue(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "GET" or path != "/insights/earnings":
            return self.send_json(404, {"message": "Not Found"})
        if self.headers.get("Authorization") != "Bearer " + self.server.args.token:
            return self.send_json(401, {"message": "Unauthorized"})
        version = self.headers.get("X-Fanvue-API-Version")
        if version == "2024-01-01":
            return self.send_json(410, {"message": "API version 2024-01-01 has been sunset"})
        if version != VERSION:
            return self.send_json(400, {"message": "Unsupported or missing X-Fanvue-API-Version"})
        if self.fault():
            return
        a, b = instant(query.get("startDate")), instant(query.get("endDate"))
        if a is None or b is None or a.tzinfo is None or b.tzinfo is None:
            return self.send_json(400, {"message": "startDate and endDate must be ISO 8601 datetimes"})
        try:
            size = int(query.get("size", "20"))
        except ValueError:
            size = 0
        if not 1 <= size <= 50:
            return self.send_json(400, {"message": "size must be between 1 and 50"})
        rows = [r for r in ROWS if a <= instant(r["date"]) < b]
        rows.sort(key=lambda r: r["date"], reverse=True)
        given = query.get("cursor")
        start = 0
        if given:
            try:
                start = json.loads(base64.urlsafe_b64decode(given))["i"]
            except (ValueError, KeyError, TypeError):
                return self.send_json(400, {"message": "Invalid cursor"})
        page = rows[start:start + size]
        nxt = None
        if start + size < len(rows):
            nxt = base64.urlsafe_b64encode(json.dumps({"i": start + size}).encode()).decode()
            if self.repeat and given:
                nxt = given
        self.send_json(200, {"data": page, "nextCursor": nxt})


def args(p):
    p.add_argument("--token", default=TOKEN)


if __name__ == "__main__":
    fakelib.main(Fanvue, args)
