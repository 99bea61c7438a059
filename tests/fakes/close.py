#!/usr/bin/env python3
"""A fake of Close's GET /api/v1/opportunity/ (apis.md section 1): HTTP Basic with
the API key as user and an empty password, status_type / date_won__gte /
date_won__lte filters, _skip/_limit paging with has_more, 400 past _limit 100,
429 with "RateLimit: ... reset=N".  The 'repeat' fault serves the previous page
again whatever _skip says.  --forever answers every page with has_more and
fresh ids, without end, and the total_results --total gives (none when -1)."""

import json
import os

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "close-opportunities.json")))
KEY = "api_test_close_Xk2v9QmT4s"


class Close(fakelib.Handler):
    last_page = None

    def route(self, method, path, query, body):
        if path != "/api/v1/opportunity/":
            return self.send_json(404, {"error": "Not found"})
        if self.basic_auth() != (self.server.args.key, ""):
            return self.send_json(401, {"error": "The API key is not valid"})
        if self.fault():
            return
        if query.get("status_type") != "won":
            return self.send_json(400, {"errors": ["this fake serves status_type=won"], "field-errors": {}})
        try:
            limit = int(query.get("_limit", "100"))
            skip = int(query.get("_skip", "0"))
        except ValueError:
            return self.send_json(400, {"errors": [], "field-errors": {"_limit": "not a number"}})
        if limit > 100:
            return self.send_json(400, {"errors": ["_limit must be at most 100"], "field-errors": {}})
        gte, lte = query.get("date_won__gte", "0000"), query.get("date_won__lte", "9999")
        rows = [o for o in DATA if o["status_type"] == "won" and gte <= o["date_won"] <= lte]
        rows.sort(key=lambda o: (o["date_won"], o["id"]))
        if self.server.args.forever:
            rows = [dict(DATA[0], id="oppo_forever_%d" % (skip + i)) for i in range(limit)]
            page = {"has_more": True, "data": rows}
            if self.server.args.total >= 0:
                page["total_results"] = self.server.args.total
            return self.send_json(200, page)
        if self.repeat and Close.last_page is not None:
            page = Close.last_page
        else:
            page = {"has_more": skip + limit < len(rows), "total_results": len(rows),
                    "data": rows[skip:skip + limit]}
        Close.last_page = page
        self.send_json(200, page)


def args(p):
    p.add_argument("--key", default=KEY)
    p.add_argument("--forever", action="store_true")
    p.add_argument("--total", type=int, default=-1)


if __name__ == "__main__":
    fakelib.main(Close, args)
