#!/usr/bin/env python3
"""A fake of Gumroad's GET /v2/sales (apis.md section 5) over
data/gumroad.json (or --data FILE): the access token as a Bearer token (or
the access_token parameter), after (inclusive) and before (exclusive) as
YYYY-MM-DD days in UTC (400 with Gumroad's message otherwise), keyset pages
of 10 sales, newest first, with next_page_key "<created_at usec>-<order>"
and next_page_url while more remain; the deprecated page parameter is a 400.

Besides fakelib's faults: 'repeat' hands back the page_key it was given as
next_page_key, Gumroad's known bug of the same key forever; 'success-false'
answers 200 with {"success": false, "message": ...}, as Gumroad does for
some failures."""

import datetime
import json
import os
import re
import urllib.parse

import fakelib

TOKEN = "gr_test_Qm8xV2nT5pLw9Zk3Hj7Rc4Bd"
PAGE = 10


def key_of(s):
    t = datetime.datetime.strptime(s["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    return "%s000000-%d" % (t.strftime("%Y%m%d%H%M%S"), s["order_id"])


def day(s):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return None
    try:
        return datetime.date.fromisoformat(s).isoformat()
    except ValueError:
        return None


class Gumroad(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "GET" or path != "/v2/sales":
            return self.send_json(404, {"success": False, "message": "Not found"})
        token = self.server.args.token
        if self.headers.get("Authorization") != "Bearer " + token and query.get("access_token") != token:
            return self.send_json(401, {"error": "invalid_token",
                                        "error_description": "The access token is invalid"})
        action = self.server.next_action()
        if action == "success-false":
            return self.send_json(200, {"success": False, "message": "The sale was not found."})
        if self.fault(action):
            return
        if "page" in query:
            return self.send_json(400, {"status": 400, "error": "The 'page' parameter is deprecated. Please use 'page_key'"})
        bounds = {}
        for field in ("after", "before"):
            if field in query:
                bounds[field] = day(query[field])
                if bounds[field] is None:
                    return self.send_json(400, {"status": 400, "error": "Invalid date format provided in field '%s'. Dates must be in the format YYYY-MM-DD." % field})
        if not hasattr(self.server, "sales"):
            self.server.sales = json.load(open(self.server.args.data))
        rows = [s for s in self.server.sales
                if s["created_at"][:10] >= bounds.get("after", "0000")
                and s["created_at"][:10] < bounds.get("before", "9999")]
        rows.sort(key=lambda s: (s["created_at"], s["order_id"]), reverse=True)
        given = query.get("page_key")
        if given is not None:
            m = re.fullmatch(r"([0-9]{20})-([0-9]+)", given)
            if not m:
                return self.send_json(400, {"status": 400, "error": "Invalid page_key."})
            rows = [s for s in rows if (key_of(s)[:20], s["order_id"]) < (m.group(1), int(m.group(2)))]
        page = rows[:PAGE]
        answer = {"success": True, "sales": page}
        if len(rows) > PAGE:
            nxt = key_of(page[-1])
            if self.repeat and given is not None:
                nxt = given
            params = {"page_key": nxt}
            params.update({k: v for k, v in query.items() if k in ("after", "before")})
            answer = {"success": True, "next_page_key": nxt,
                      "next_page_url": "/v2/sales?" + urllib.parse.urlencode(params), "sales": page}
        self.send_json(200, answer)


def args(p):
    p.add_argument("--token", default=TOKEN)
    p.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "data", "gumroad.json"))


if __name__ == "__main__":
    fakelib.main(Gumroad, args)
