#!/usr/bin/env python3
"""A fake of Stripe's GET /v1/balance_transactions and GET /v1/charges
(apis.md section 4) over data/stripe.json: the secret key as a Bearer token
(or HTTP Basic user), created[gte|gt|lte|lt] filters in Unix seconds, the
list envelope {"object":"list","data":[...],"has_more":...} newest first
(created, then id, descending), limit up to 100 (400 beyond, as Stripe),
starting_after paging, and expand[]=data.source, which puts each balance
transaction's charge, refund or dispute in place of its id.  Errors have
Stripe's {"error":{"type","message"}} shape.

Besides fakelib's faults: 'repeat' serves the previous page again whatever
starting_after says (so the cursor repeats; a first page is served as it is); '409-retry' answers 409
lock_timeout with Stripe-Should-Retry: true; '500-final' a 500 with
Stripe-Should-Retry: false; '400' an invalid_request_error."""

import json
import os
import urllib.parse

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "stripe.json")))
KEY = "sk_test_51FakeStripeKey4xQ9vT2pLw7Zk1"
OBJECTS = {o["id"]: o for kind in ("charges", "refunds", "disputes") for o in DATA[kind]}
OWN_FAULTS = ("409-retry", "500-final", "400")


def stripe_error(kind, message, code=None):
    e = {"type": kind, "message": message}
    if code:
        e["code"] = code
    return {"error": e}


def expanded(source):
    if source is None or source in OBJECTS:
        return OBJECTS.get(source)
    kind = {"po_": "payout", "tr_": "transfer"}.get(source[:3], "unknown")
    return {"id": source, "object": kind}


class Stripe(fakelib.Handler):
    last_page = None

    def authorized(self):
        h = self.headers.get("Authorization") or ""
        if h == "Bearer " + self.server.args.key:
            return True
        return self.basic_auth() == (self.server.args.key, "")

    def route(self, method, path, query, body):
        lists = {"/v1/balance_transactions": "balance_transactions", "/v1/charges": "charges"}
        if method != "GET" or path not in lists:
            return self.send_json(404, stripe_error("invalid_request_error", "Unrecognized request URL"))
        if not self.authorized():
            key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            return self.send_json(401, stripe_error(
                "invalid_request_error", "Invalid API Key provided: %s****%s" % (key[:8], key[-4:])))
        action = self.server.next_action()
        if action == "409-retry":
            return self.send_json(409, stripe_error("invalid_request_error", "lock timeout", "lock_timeout"),
                                  {"Stripe-Should-Retry": "true"})
        if action == "500-final":
            return self.send_json(500, stripe_error("api_error", "something went wrong"),
                                  {"Stripe-Should-Retry": "false"})
        if action == "400":
            return self.send_json(400, stripe_error("invalid_request_error", "Invalid created[gte]: must be an integer",
                                                    "parameter_invalid_integer"))
        if self.fault(action):
            return
        multi = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        try:
            limit = int(query.get("limit", "10"))
            bounds = {op: int(query["created[%s]" % op]) for op in ("gte", "gt", "lte", "lt")
                      if "created[%s]" % op in query}
        except ValueError:
            return self.send_json(400, stripe_error("invalid_request_error", "Invalid integer"))
        if not 1 <= limit <= 100:
            return self.send_json(400, stripe_error("invalid_request_error",
                                                    "Invalid limit: must be between 1 and 100"))
        rows = [o for o in DATA[lists[path]]
                if o["created"] >= bounds.get("gte", o["created"])
                and o["created"] > bounds.get("gt", o["created"] - 1)
                and o["created"] <= bounds.get("lte", o["created"])
                and o["created"] < bounds.get("lt", o["created"] + 1)]
        rows.sort(key=lambda o: (o["created"], o["id"]), reverse=True)
        after = query.get("starting_after")
        if after is not None:
            ids = [o["id"] for o in rows]
            if after not in ids:
                return self.send_json(400, stripe_error("invalid_request_error",
                                                        "No such object: '%s'" % after))
            rows = rows[ids.index(after) + 1:]
        # A repeat serves the page before again, so the cursor comes back; a
        # first page has no page before it in the same fetch.
        if self.repeat and after is not None and Stripe.last_page is not None:
            return self.send_json(200, Stripe.last_page)
        data = [dict(o) for o in rows[:limit]]
        if "data.source" in multi.get("expand[]", []):
            for o in data:
                if "source" in o:
                    o["source"] = expanded(o["source"])
        page = {"object": "list", "url": path, "has_more": len(rows) > limit, "data": data}
        Stripe.last_page = page
        self.send_json(200, page)


def args(p):
    p.add_argument("--key", default=KEY)


if __name__ == "__main__":
    fakelib.main(Stripe, args)
