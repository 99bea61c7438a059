#!/usr/bin/env python3
"""Writes data/upwork.json, the transaction history tests/fakes/upwork.py
serves (apis.md section 6: rows of transactionHistory, money as decimal
strings in major units).  Deterministic; run it again only to change the
data, then fix the tests that count it.

A freelancer's 2026: an hourly contract invoiced every Monday, a fixed-price
milestone now and then, a bonus, each with Upwork's 10% service fee as an
APAdjustment that names its invoice; a VAT and a WHT adjustment, a refund
to a client (a negative invoice), a pending invoice, and withdrawals to a
bank, which are no revenue."""

import datetime
import json
import os
import random

R = random.Random(20261121)
rows = []
COMPANIES = ["Acme Inc", "Globex", "Initech", "Umbrella Ltd"]


def row(day, kind, subtype, value, desc, company=None, related=None, status="Paid", currency="USD"):
    rid = str(300000000 + len(rows) * 7 + R.randrange(7))
    r = {"recordId": rid, "type": kind, "accountingSubtype": subtype,
         "transactionCreationDate": day + "T08:00:00Z", "relatedTransactionId": related,
         "fullyPaidDate": None if status != "Paid" else day,
         "transactionAmount": {"rawValue": value, "currency": currency,
                               "displayValue": ("-" if value.startswith("-") else "") + "$" + value.lstrip("-")},
         "amountCreditedToUser": {"rawValue": value, "currency": currency},
         "type_": None, "relatedAssignment": "41%06d" % R.randrange(10 ** 6),
         "assignmentDeveloperName": "Jane Doe", "assignmentCompanyName": company,
         "assignmentTeamUserId": "jdoe", "description": desc, "descriptionUI": desc,
         "paymentStatus": status}
    del r["type_"]
    rows.append(r)
    return r


def invoice(day, subtype, cents, company, desc, status="Paid"):
    inv = row(day, "APInvoice", subtype, "%d.%02d" % (cents // 100, cents % 100), desc, company, status=status)
    fee = cents // 10
    row(day, "APAdjustment", "Service Fee", "-%d.%02d" % (fee // 100, fee % 100),
        "Service Fee for " + desc, company, related=inv["recordId"], status=status)
    return inv


d = datetime.date(2026, 1, 5)  # a Monday
while d <= datetime.date(2026, 11, 16):
    hours = R.randrange(5, 40)
    invoice(d.isoformat(), "Hourly", hours * 4500, "Acme Inc",
            "Invoice for %d:00 hrs, week of %s" % (hours, (d - datetime.timedelta(days=7)).isoformat()))
    if R.random() < 0.15:
        invoice((d + datetime.timedelta(days=3)).isoformat(), "Fixed Price", R.choice([50000, 125000, 30050]),
                R.choice(COMPANIES[1:]), "Milestone: " + R.choice(["Design", "Build", "Review"]))
    if d.day <= 7:
        row((d + datetime.timedelta(days=2)).isoformat(), "Withdrawal", "Withdrawal",
            "-%d.00" % R.randrange(1000, 5000), "Withdrawal to bank account ****1234")
    d += datetime.timedelta(days=7)

invoice("2026-03-20", "Bonus", 25000, "Globex", "Bonus: great work")
row("2026-04-01", "APAdjustment", "VAT", "-12.34", "VAT on service fees (EU)")
row("2026-04-02", "APAdjustment", "WHT", "-7.50", "Withholding tax")
row("2026-06-15", "APInvoice", "Refund", "-100.00", "Refund to client: Milestone Design", "Globex")
invoice("2026-11-19", "Hourly", 90000, "Acme Inc", "Invoice for 20:00 hrs, pending review", status="Pending")

ids = [r["recordId"] for r in rows]
assert len(ids) == len(set(ids))
with open(os.path.join(os.path.dirname(__file__), "upwork.json"), "w") as f:
    json.dump(rows, f, indent=0)
    f.write("\n")
