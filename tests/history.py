#!/usr/bin/env python3
"""Writes a generated revenue history as canonical records, for the alert
and dashboard tests: each source sells every day, a weekend day at
--weekend percent of a weekday, each day's amount within +-noise percent
(uniform, seeded), split into one to three sales.  Faults are seeded on
purpose:

  --spike SOURCE:DATE:PERCENT    that day's sales at PERCENT of normal
  --stop SOURCE:DATE             no record from that day on
  --refunds SOURCE:DATE:COUNT    COUNT refunds of a tenth of a day each
  --large SOURCE:DATE:MINOR      one more sale of MINOR units

usage: history.py --from DATE --to DATE --source NAME:MINOR[:CUR] ...
                  [--seed N] [--noise PCT] [--weekend PCT] [faults]
"""

import argparse
import datetime
import json
import random
import sys


def day(s):
    return datetime.date.fromisoformat(s)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--from", dest="start", type=day, required=True)
    p.add_argument("--to", dest="end", type=day, required=True)
    p.add_argument("--source", action="append", required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--noise", type=int, default=20)
    p.add_argument("--weekend", type=int, default=40)
    p.add_argument("--spike", action="append", default=[])
    p.add_argument("--stop", action="append", default=[])
    p.add_argument("--refunds", action="append", default=[])
    p.add_argument("--large", action="append", default=[])
    a = p.parse_args()
    rng = random.Random(a.seed)
    spikes = {(s, day(d)): int(v) for s, d, v in (x.split(":") for x in a.spike)}
    stops = {s: day(d) for s, d in (x.split(":") for x in a.stop)}
    refunds = {(s, day(d)): int(v) for s, d, v in (x.split(":") for x in a.refunds)}
    larges = {(s, day(d)): int(v) for s, d, v in (x.split(":") for x in a.large)}
    sources = []
    for spec in a.source:
        parts = spec.split(":")
        sources.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else "USD"))
    out = sys.stdout
    d = a.start
    n = 0
    while d <= a.end:
        for name, base, cur in sources:
            if name in stops and d >= stops[name]:
                continue
            level = base * (a.weekend if d.weekday() >= 5 else 100) // 100
            amount = level * (100 + rng.randint(-a.noise, a.noise)) // 100
            amount = amount * spikes.get((name, d), 100) // 100
            parts = rng.randint(1, 3)
            for i in range(parts):
                share = amount // parts + (amount % parts if i == parts - 1 else 0)
                n += 1
                out.write(json.dumps({"id": "%s:%d" % (name, n), "source": name, "date": d.isoformat(),
                                      "amount_minor": share, "currency": cur, "kind": "sale",
                                      "status": "completed", "client": "Client %d" % (n % 37)},
                                     separators=(",", ":")) + "\n")
            for i in range(refunds.get((name, d), 0)):
                n += 1
                out.write(json.dumps({"id": "%s:%d" % (name, n), "source": name, "date": d.isoformat(),
                                      "amount_minor": -(level // 10), "currency": cur, "kind": "refund",
                                      "status": "completed"}, separators=(",", ":")) + "\n")
            if (name, d) in larges:
                n += 1
                out.write(json.dumps({"id": "%s:%d" % (name, n), "source": name, "date": d.isoformat(),
                                      "amount_minor": larges[(name, d)], "currency": cur, "kind": "sale",
                                      "status": "completed", "client": "Big Co",
                                      "description": "Annual plan"}, separators=(",", ":")) + "\n")
        d += datetime.timedelta(days=1)


if __name__ == "__main__":
    main()
