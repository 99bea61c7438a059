#!/usr/bin/env python3
"""A fake of AdsByMoney's publisher dashboard API (apis.md section 10):

  POST /api/v1/publisher_dashboard/campaigns
       Content-Type: application/json (415 otherwise)
       {"api_token": "..", "start_at": "YYYY-MM-DD", "end_at": "YYYY-MM-DD"}

answers {"data": [campaign, ...]}: one object per campaign with its totals
over the whole range, not per day.  A token other than --token is 401, with
the request's parameters quoted back in the error (as some APIs do: the
token must not leak from there either); dates that are not YYYY-MM-DD, or
an end before the start, are 422.

The campaigns share the days of data/abm-earnings.json, in cents, so that
their sum over a range is what the scraped site gives for it:

  101    "Credit cards" from 2026-01-01, three fifths of each day
  c-202  "Personal loans" from 2026-04-10, the rest of each day from then
  303    "Insurance" from 2026-01-01, a flat $5.00 a day, as a JSON integer
         of dollars when the range's total is whole

Before April 10 the rest of each day goes to 101 as well.  A range that
ends before a campaign started gets the API's older shape for it:
"earnings" null with "revenue", "leads" and "clicks" all 0.  Earnings are
JSON numbers with two places (text kept exact: 12.50, not 12.5).

Besides fakelib's faults and --delay-ms (every answer that late):
--null-clicks YYYY-MM gives 101 "earnings": null with its real clicks in a
range that touches that month (an upstream error, not a pre-account
period); --shape bare answers a top-level array, dup lists 101 twice, noid
drops the ids, campaign_id names them so; the own fault 'echo' answers 500
quoting the request's parameters back."""

import datetime
import json
import os
import re
import time

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "abm-earnings.json")))
TOKEN = "abm_api_test_Tq7+Zx/9Lm=Wp2"
PATH = "/api/v1/publisher_dashboard/campaigns"
LOANS_FROM = "2026-04-10"


def cents(text):
    sign = -1 if text.startswith("-") else 1
    whole, _, frac = text.lstrip("-").partition(".")
    return sign * (int(whole) * 100 + int((frac + "00")[:2]))


def money(c):
    sign = "-" if c < 0 else ""
    c = abs(c)
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def iso(s):
    if not isinstance(s, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


class Api(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "POST" or path != PATH:
            return self.send_json(404, {"error": "Not Found"})
        if "application/json" not in (self.headers.get("Content-Type") or ""):
            return self.send_json(415, {"error": "Content-Type must be application/json"})
        try:
            params = json.loads(body)
        except ValueError:
            params = None
        if not isinstance(params, dict):
            return self.send_json(422, {"error": "the body is not a JSON object"})
        if params.get("api_token") != self.server.args.token:
            return self.send_json(401, {"error": "Invalid api token", "params": params})
        with self.server.lock:
            own = self.server.faults[0] == "echo" if self.server.faults else False
            if own:
                self.server.faults.pop(0)
        if own:
            return self.send_json(500, {"error": "internal error", "params": params})
        if self.fault():
            return
        time.sleep(self.server.delay)
        a, b = iso(params.get("start_at")), iso(params.get("end_at"))
        if a is None or b is None or b < a:
            return self.send_json(422, {"error": "start_at and end_at must be YYYY-MM-DD, start first",
                                        "params": {k: v for k, v in params.items() if k != "api_token"}})
        self.answer(a.isoformat(), b.isoformat())

    def campaign(self, cid, name, days, earned, clicks, started):
        """One campaign's entry, as JSON text: the older shape when the range is before it."""
        key = "campaign_id" if self.server.args.shape == "campaign_id" else "id"
        head = "" if self.server.args.shape == "noid" else '"%s": %s, ' % (key, json.dumps(cid))
        if not started:
            return '{%s"name": %s, "earnings": null, "revenue": 0, "leads": 0, "clicks": 0}' % (
                head, json.dumps(name))
        if cid == 303 and earned % 100 == 0:
            amount = str(earned // 100)
        else:
            amount = money(earned)
        return ('{%s"name": %s, "status": "active", "earnings": %s, "revenue": %s, "leads": %d, '
                '"clicks": %d, "days": %d}' % (head, json.dumps(name), amount, money(earned * 4),
                                               clicks // 20, clicks, days))

    def answer(self, a, b):
        days = [r for r in DATA if a <= r["date"] <= b]
        cards = loans = flat = cards_clicks = loans_clicks = 0
        for r in days:
            c = cents(r["earnings"])
            share = c * 3 // 5
            if r["date"] >= LOANS_FROM:
                cards += share
                loans += c - share
                cards_clicks += r["clicks"] * 3 // 5
                loans_clicks += r["clicks"] - r["clicks"] * 3 // 5
            else:
                cards += c
                cards_clicks += r["clicks"]
            flat += 500
        entries = [
            self.campaign(101, "Credit cards", len(days), cards, cards_clicks, True),
            self.campaign("c-202", "Personal loans", len(days), loans, loans_clicks, b >= LOANS_FROM),
            self.campaign(303, "Insurance", len(days), flat, len(days) * 7, True),
        ]
        month = self.server.args.null_clicks
        if month and a[:7] <= month <= b[:7]:
            entries[0] = '{"id": 101, "name": "Credit cards", "earnings": null, "revenue": 0, ' \
                         '"leads": 0, "clicks": %d}' % cards_clicks
        if self.server.args.shape == "dup":
            entries.append(entries[0])
        array = "[" + ", ".join(entries) + "]"
        self.send(200, array if self.server.args.shape == "bare" else '{"data": %s}' % array)


def args(p):
    p.add_argument("--token", default=TOKEN)
    p.add_argument("--null-clicks", default="")
    p.add_argument("--shape", choices=["data", "bare", "dup", "noid", "campaign_id"], default="data")


if __name__ == "__main__":
    fakelib.main(Api, args)
