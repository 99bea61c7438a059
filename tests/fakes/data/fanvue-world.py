#!/usr/bin/env python3
"""Writes data/fanvue.json, the earnings tests/fakes/fanvue.py serves
(apis.md section 9: date, gross and net in cents, currency, source, user).
Deterministic; run it again only to change the data, then fix the tests that
count it.

About 150 rows of a creator's 2026 (subscriptions, renewals, tips, paid
messages and posts, 80% of gross as net), and one of each case the tests
name: a referral without a fan or currency, a refund (a negative row naming
the order it reverses), two tips from one fan in the same millisecond, a
row in GBP, and a tip at 2026-11-21T12:00:00.000Z, the tests' "now"."""

import datetime
import json
import os
import random
import uuid

R = random.Random(20261121)
FANS = [{"uuid": str(uuid.UUID(int=R.getrandbits(128), version=4)), "handle": h, "displayName": d,
         "nickname": None, "isTopSpender": t}
        for h, d, t in [("fan123", "Fan", False), ("bigspender", "Big Spender", True),
                        ("zoe_k", "Zoë K", False), ("lurker", "Quiet One", False)]]
rows = []


def row(when, source, gross, fan=None, currency="USD", net=None, **extra):
    r = {"date": when, "gross": gross, "net": round(gross * 0.8) if net is None else net,
         "currency": currency, "source": source, "user": fan}
    r.update(extra)
    rows.append(r)
    return r


start = datetime.datetime(2026, 1, 1, 6, tzinfo=datetime.timezone.utc)
span = int((datetime.datetime(2026, 11, 21, 11, tzinfo=datetime.timezone.utc) - start).total_seconds())
for i in range(150):
    t = start + datetime.timedelta(seconds=R.randrange(span), milliseconds=R.randrange(1000))
    source, gross = R.choice([("subscription", 999), ("renewal", 999), ("tip", 500), ("tip", 2000),
                              ("message", 1500), ("post", 300)])
    row(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000), source, gross, R.choice(FANS))

row("2026-10-10T10:00:00.000Z", "referral", 500, None, currency=None, net=500)
row("2026-10-11T10:00:00.000Z", "message", 1500, FANS[1])
row("2026-10-12T10:00:00.000Z", "message", -1500, FANS[1], net=-1200,
    reversedTransactionOrderId="ord_7f3a9c")
row("2026-10-13T10:00:00.123Z", "tip", 500, FANS[2])
row("2026-10-13T10:00:00.123Z", "tip", 2500, FANS[2])
row("2026-10-14T10:00:00.000Z", "subscription", 899, FANS[3], currency="GBP")
row("2026-11-21T12:00:00.000Z", "tip", 1000, FANS[0])

with open(os.path.join(os.path.dirname(__file__), "fanvue.json"), "w") as f:
    json.dump(rows, f, indent=0, ensure_ascii=False)
    f.write("\n")
