#!/usr/bin/env python3
"""A fake of Close's GET /api/v1/opportunity/ (apis.md section 1): HTTP Basic with
the API key as user and an empty password; status_type, date_won__gte/__lte and
date_updated__gte/__gt/__lt/__lte filters; _fields (a comma-separated list of
the fields to answer); _order_by (a field, "-" for descending, ties by id; by
default date_won); _skip/_limit paging with has_more and total_results, 400
past _limit 100; 429 with "RateLimit: ... reset=N".  The 'repeat' fault serves
the previous page again whatever _skip says.

--changes FILE names a JSON array of opportunities, read again on every
request when the file exists, that replace the data's opportunities of the
same id or join them: a test edits it between runs, as people edit Close. --forever answers every
page with has_more and fresh ids, without end, and the total_results
--total gives (none when -1)."""

import json
import os

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "close-opportunities.json")))
KEY = "api_test_close_Xk2v9QmT4s"
FIELDS = set(DATA[0]) | {"date_created", "date_updated", "date_won"}


def opportunities(changes):
    """The data as it stands now: the data file, with the changes file over it."""
    rows = {o["id"]: o for o in DATA}
    if changes and os.path.exists(changes):
        with open(changes) as f:
            for o in json.load(f):
                rows[o["id"]] = dict(rows.get(o["id"], {}), **o)
    return list(rows.values())


def matches(o, query):
    """Close's filters that this fake knows, on the fields they name."""
    for param, value in query.items():
        field, _, op = param.partition("__")
        if field not in ("status_type", "date_won", "date_updated"):
            continue
        have = o.get(field)
        if have is None:
            return False
        have = have[:len(value)] if field != "status_type" else have
        ok = {"": have == value, "gte": have >= value, "gt": have > value,
              "lte": have <= value, "lt": have < value}.get(op)
        if not ok:
            return False
    return True


class Close(fakelib.Handler):
    last_page = None

    def route(self, method, path, query, body):
        if path != "/api/v1/opportunity/":
            return self.send_json(404, {"error": "Not found"})
        if self.basic_auth() != (self.server.args.key, ""):
            return self.send_json(401, {"error": "The API key is not valid"})
        if self.fault():
            return
        if query.get("status_type", "won") not in ("won", "lost", "active"):
            return self.send_json(400, {"errors": [], "field-errors": {"status_type": "not a status type"}})
        try:
            limit = int(query.get("_limit", "100"))
            skip = int(query.get("_skip", "0"))
        except ValueError:
            return self.send_json(400, {"errors": [], "field-errors": {"_limit": "not a number"}})
        if limit > 100:
            return self.send_json(400, {"errors": ["_limit must be at most 100"], "field-errors": {}})
        if self.server.args.forever:
            rows = [dict(DATA[0], id="oppo_forever_%d" % (skip + i)) for i in range(limit)]
            page = {"has_more": True, "data": rows}
            if self.server.args.total >= 0:
                page["total_results"] = self.server.args.total
            return self.send_json(200, page)
        order = query.get("_order_by", "date_won")
        if order.lstrip("-") not in ("date_won", "date_updated", "date_created"):
            return self.send_json(400, {"errors": [], "field-errors": {"_order_by": "cannot order by that"}})
        fields = query.get("_fields")
        if fields is not None and not set(fields.split(",")) <= FIELDS:
            return self.send_json(400, {"errors": [], "field-errors": {"_fields": "unknown field"}})
        rows = [o for o in opportunities(self.server.args.changes) if matches(o, query)]
        rows.sort(key=lambda o: (o.get(order.lstrip("-")) or "", o["id"]), reverse=order.startswith("-"))
        if fields is not None:
            rows = [{k: o.get(k) for k in fields.split(",")} for o in rows]
        if self.repeat and Close.last_page is not None:
            page = Close.last_page
        else:
            page = {"has_more": skip + limit < len(rows), "total_results": len(rows),
                    "data": rows[skip:skip + limit]}
        Close.last_page = page
        self.send_json(200, page)


def args(p):
    p.add_argument("--key", default=KEY)
    p.add_argument("--changes")
    p.add_argument("--forever", action="store_true")
    p.add_argument("--total", type=int, default=-1)


if __name__ == "__main__":
    fakelib.main(Close, args)
