#!/usr/bin/env python3
"""A fake of RV Media Network's reporting API as one public client uses it
(apis.md section 3; nothing of it is documented by RV):

  POST /oauth/token   Auth0 client credentials, a JSON body with grant_type,
                      client_id, client_secret and audience; answers
                      {"access_token", "token_type": "Bearer", "expires_in"}.
                      A wrong client is 401, a wrong audience 403.
  GET /overview       Bearer token, propertyId, start "YYYY-MM-DD 00:00:00",
                      end "YYYY-MM-DD 23:59:59", at most 31 days (else 400);
                      answers {"payload": {"overviewReporting": {"page": rows,
                      "pagination": {"totalPages", "totalEntries"}}}}.

The rows of a window: the sum of the daily commissions of data/redventures-
daily.json inside it, and a second row summing the adjustments inside it when
there are any; no rows when the window holds no day of data.  Sums are exact
(decimal), written as JSON numbers or, with --commission string, strings.

--faults act on /overview requests, --token-faults on the token endpoint;
--answer and --token-answer replace their good answers with a given body.
--token-life N makes each token good for N /overview requests, then 401.
--delay-ms holds every /overview answer that long; --trace FILE writes one
line per /overview answer with its start and end time and how many answers
were in the making when it began, so that parallel requests can be seen.
"""

import datetime
import decimal
import json
import os
import re
import threading
import time

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "redventures-daily.json")))
CLIENT_ID = "rvc_test_8Hq2LmZ0"
CLIENT_SECRET = "rvs_test_secret_Jm4xQ9vT2pLw7Zk1"
AUDIENCE = "https://reporting-api.rvmedianetwork.com"
PROPERTY = "48213"
START = re.compile(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$")
END = re.compile(r"^(\d{4}-\d{2}-\d{2}) 23:59:59$")


def day(s):
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def window_sum(table, a, b):
    """The exact sum of the table's amounts dated a..b, and how many there were."""
    hits = [decimal.Decimal(v) for k, v in table.items() if a <= k <= b]
    return sum(hits, decimal.Decimal("0.00")), len(hits)


class RV(fakelib.Handler):
    # Headers and body go out in two writes; with Nagle on, a reused connection
    # waits for the client's delayed ACK (40 ms) between them, on every answer.
    disable_nagle_algorithm = True
    lock = threading.Lock()
    tokens = {}  # access token -> /overview answers it may still get (None: no limit)
    issued = 0
    inflight = 0
    token_faults = None

    def route(self, method, path, query, body):
        if method == "POST" and path == "/oauth/token":
            return self.token(body)
        if method == "GET" and path == "/overview":
            return self.overview(query)
        return self.send_json(404, {"message": "Not Found"})

    def token(self, body):
        a = self.server.args
        with RV.lock:
            if RV.token_faults is None:
                RV.token_faults = [x for x in a.token_faults.split(",") if x]
            action = RV.token_faults.pop(0) if RV.token_faults else "ok"
        if self.fault(action):
            return
        if (self.headers.get("Content-Type") or "").split(";")[0] != "application/json":
            return self.send_json(415, {"error": "unsupported_media_type"})
        try:
            req = json.loads(body)
        except ValueError:
            return self.send_json(400, {"error": "invalid_request", "error_description": "body is not JSON"})
        if req.get("grant_type") != "client_credentials":
            return self.send_json(403, {"error": "unauthorized_client",
                                        "error_description": "Grant type not allowed for the client."})
        if req.get("client_id") != a.client_id or req.get("client_secret") != a.client_secret:
            return self.send_json(401, {"error": "access_denied", "error_description": "Unauthorized"})
        if req.get("audience") != a.audience:
            return self.send_json(403, {"error": "access_denied", "error_description":
                                        "Service not enabled within domain: %s" % req.get("audience")})
        if a.token_answer is not None:
            return self.send(200, a.token_answer)
        with RV.lock:
            RV.issued += 1
            tok = "eyJhbGciOiJSUzI1NiJ9.rvfake-%d.Tq7Lm2Xz9Wk4Pv8R" % RV.issued
            RV.tokens[tok] = a.token_life
        self.send_json(200, {"access_token": tok, "token_type": "Bearer", "expires_in": 86400})

    def authorized(self):
        h = self.headers.get("Authorization") or ""
        tok = h[7:] if h.startswith("Bearer ") else None
        with RV.lock:
            if tok not in RV.tokens:
                return False
            left = RV.tokens[tok]
            if left is not None:
                if left <= 0:
                    return False
                RV.tokens[tok] = left - 1
            return True

    def overview(self, query):
        a = self.server.args
        if not self.authorized():
            return self.send_json(401, {"message": "Unauthorized"})
        if self.fault():
            return
        if query.get("propertyId") != a.property:
            return self.send_json(403, {"message": "Forbidden: no access to property %s" % query.get("propertyId")})
        ms, me = START.match(query.get("start", "")), END.match(query.get("end", ""))
        if not ms or not me or not day(ms.group(1)) or not day(me.group(1)):
            return self.send_json(400, {"message": "start must be 'YYYY-MM-DD 00:00:00' and end 'YYYY-MM-DD 23:59:59'"})
        first, last = ms.group(1), me.group(1)
        ndays = (day(last) - day(first)).days + 1
        if ndays < 1 or ndays > 31:
            return self.send_json(400, {"message": "The date range must be between 1 and 31 days", "days": ndays})
        t0 = time.monotonic()
        with RV.lock:
            RV.inflight += 1
            inflight = RV.inflight
        try:
            time.sleep(self.server.delay)
            self.answer(first, last)
        finally:
            with RV.lock:
                RV.inflight -= 1
                if a.trace:
                    with open(a.trace, "a") as f:
                        f.write(json.dumps({"start": first, "end": last, "t0": t0,
                                            "t1": time.monotonic(), "inflight": inflight}) + "\n")

    def answer(self, first, last):
        a = self.server.args
        if a.answer is not None:
            return self.send(200, a.answer)
        total, n = window_sum(DATA["daily"], first, last)
        adj, nadj = window_sum(DATA["adjustments"], first, last)
        rows = []
        if n > 0:
            rows.append(total)
        if nadj > 0:
            rows.append(adj)
        if a.commission == "string":
            page = ", ".join('{"commission": "%s"}' % v for v in rows)
        else:
            page = ", ".join('{"commission": %s}' % v for v in rows)
        body = ('{"overviewReporting": {"page": [%s], "pagination": {"totalPages": %d, "totalEntries": %d}}}'
                % (page, a.pages if a.pages is not None else (1 if rows else 0), len(rows)))
        if not a.no_payload:
            body = '{"payload": %s}' % body
        self.send(200, body)


def args(p):
    p.add_argument("--client-id", default=CLIENT_ID)
    p.add_argument("--client-secret", default=CLIENT_SECRET)
    p.add_argument("--audience", default=AUDIENCE)
    p.add_argument("--property", default=PROPERTY)
    p.add_argument("--token-faults", default="")
    p.add_argument("--token-life", type=int, default=None)
    p.add_argument("--commission", choices=["number", "string"], default="number")
    p.add_argument("--no-payload", action="store_true")
    p.add_argument("--pages", type=int, default=None)
    p.add_argument("--trace")
    p.add_argument("--answer")
    p.add_argument("--token-answer")


if __name__ == "__main__":
    fakelib.main(RV, args)
