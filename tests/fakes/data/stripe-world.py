#!/usr/bin/env python3
"""Writes data/stripe.json, the account tests/fakes/stripe.py serves: charges,
refunds and disputes as Stripe keeps them, and the balance transactions they
made, with their sources as ids (the fake expands them).  Deterministic; run
it again only to change the data, then fix the tests that count it.

Besides about 230 ordinary card payments in 2026, the account holds one of
each case the tests name: a sale refunded after 2026-11-21T12:00:00Z (the
tests' "now"), a charge created exactly at that instant, partial refunds
that add up to the whole, JPY settled in JPY and in USD, EUR settled in USD,
ISK (Stripe's two-decimal exception), a dispute lost and one won, a refund
that failed, a charge without a PaymentIntent, an adjustment, Radar fees,
payouts and a transfer (not revenue), and failed charges (no money)."""

import datetime
import json
import os
import random

R = random.Random(20261121)
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NAMES = ["Ada Lovelace", "Grace Hopper", "Jörg Müller", "Zoë Saldaña", "Li Wei", "Amara Okafor",
         "Pedro Álvarez", "Sven Berg", None]
PRODUCTS = ["Pro plan (monthly)", "Pro plan (annual)", "Course: Unix pipes", "E-book bundle",
            "Consulting hour", "Sticker pack"]

charges, refunds, disputes, txns = [], [], [], []


def rid(prefix, n=24):
    return prefix + "".join(R.choice(B62) for _ in range(n))


def ts(s):
    return int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp())


def fee_of(amount, currency):
    if currency == "jpy":
        return round(amount * 0.036)
    if currency == "isk":  # whole krónur, written with two zero decimals
        return round(amount * 0.029 / 100) * 100
    return round(amount * 0.029) + 30


def txn(created, kind, category, amount, currency, fee, source, description=None):
    t = {"id": rid("txn_"), "object": "balance_transaction", "amount": amount,
         "available_on": created + 2 * 86400, "created": created, "currency": currency,
         "description": description, "exchange_rate": None, "fee": fee,
         "fee_details": ([{"amount": fee, "application": None, "currency": currency,
                           "description": "Stripe processing fees", "type": "stripe_fee"}]
                         if fee else []),
         "net": amount - fee, "reporting_category": category, "source": source,
         "status": "available", "type": kind}
    txns.append(t)
    return t


def charge(created, amount, currency="usd", settle=None, pi=True, name="?", product=None,
           status="succeeded", cid=None):
    """settle: (currency, amount) of the balance when it differs from the charge's."""
    if name == "?":
        name = R.choice(NAMES)
    c = {"id": cid or rid("ch_"), "object": "charge", "amount": amount,
         "amount_captured": amount if status == "succeeded" else 0, "amount_refunded": 0,
         "balance_transaction": None,
         "billing_details": {"address": None, "email": None if name is None else
                             name.split()[0].lower() + "@example.com", "name": name, "phone": None},
         "captured": status == "succeeded", "created": created, "currency": currency,
         "customer": rid("cus_", 14), "description": product or R.choice(PRODUCTS), "disputed": False,
         "livemode": False, "metadata": {}, "paid": status == "succeeded",
         "payment_intent": rid("pi_") if pi else None, "receipt_email": None, "refunded": False,
         "status": status}
    charges.append(c)
    if status == "succeeded":
        cur, amt = settle or (currency, amount)
        t = txn(created, "charge", "charge", amt, cur, fee_of(amt, cur), c["id"])
        c["balance_transaction"] = t["id"]
    return c


def refund(c, created, amount, settle_amount=None, fail_at=None):
    r = {"id": rid("re_"), "object": "refund", "amount": amount, "balance_transaction": None,
         "charge": c["id"], "created": created, "currency": c["currency"], "metadata": {},
         "payment_intent": c["payment_intent"], "reason": "requested_by_customer",
         "status": "succeeded" if fail_at is None else "failed"}
    refunds.append(r)
    bt = txns_of(c)
    t = txn(created, "refund", "refund", -(settle_amount or amount), bt["currency"], 0, r["id"],
            "REFUND FOR CHARGE (%s)" % c["description"])
    r["balance_transaction"] = t["id"]
    c["amount_refunded"] += amount
    c["refunded"] = c["amount_refunded"] >= c["amount"]
    if fail_at is not None:
        c["amount_refunded"] -= amount
        c["refunded"] = False
        txn(fail_at, "refund_failure", "refund_failure", settle_amount or amount, bt["currency"], 0,
            r["id"], "REFUND FAILURE")
    return r


def dispute(c, created, won_at=None):
    d = {"id": rid("dp_"), "object": "dispute", "amount": c["amount"], "balance_transactions": [],
         "charge": c["id"], "created": created, "currency": c["currency"], "metadata": {},
         "payment_intent": c["payment_intent"], "reason": "fraudulent",
         "status": "won" if won_at else "lost"}
    disputes.append(d)
    bt = txns_of(c)
    t = txn(created, "adjustment", "dispute", -bt["amount"], bt["currency"], 1500, d["id"],
            "Chargeback withdrawal for " + c["id"])
    d["balance_transactions"].append(t)
    if won_at:
        t = txn(won_at, "adjustment", "dispute_reversal", bt["amount"], bt["currency"], 0, d["id"],
                "Chargeback reversal for " + c["id"])
        d["balance_transactions"].append(t)
    c["disputed"] = True
    return d


def txns_of(c):
    return next(t for t in txns if t["id"] == c["balance_transaction"])


# Ordinary card payments through the year, at random instants up to the tests' "now".
start, now = ts("2026-01-01T06:00:00Z"), ts("2026-11-21T12:00:00Z")
for i in range(230):
    created = R.randrange(start, now - 3600)
    amount = R.choice([900, 1900, 2500, 4900, 9900, 19900, 29900, 1234, 5000, 7500])
    charge(created, amount, pi=R.random() > 0.03)

# The cases the tests name.
later = charge(ts("2026-11-20T15:00:00Z"), 5000, name="Refunded Later", product="Course: Unix pipes",
               cid="ch_3RefundedAfterFirstSync0")
later["payment_intent"] = "pi_3RefundedAfterFirstSync0"
refund(later, ts("2026-11-21T12:02:00Z"), 5000)
edge = charge(ts("2026-11-21T12:00:00Z"), 2900, name="At The Edge", product="Sticker pack",
              cid="ch_3CreatedAtTheWindowEdge0")
edge["payment_intent"] = "pi_3CreatedAtTheWindowEdge0"
part = charge(ts("2026-10-02T14:00:00Z"), 10000, name="Partly Refunded", cid="ch_3PartlyRefundedTwice000")
part["payment_intent"] = "pi_3PartlyRefundedTwice000"
refund(part, ts("2026-10-05T14:00:00Z"), 3000)
refund(part, ts("2026-10-20T14:00:00Z"), 7000)
jpy = charge(ts("2026-09-10T03:00:00Z"), 4800, "jpy", name="Yamada Taro", cid="ch_3YenSettledInYen000000")
jpy["payment_intent"] = "pi_3YenSettledInYen000000"
jpyusd = charge(ts("2026-09-11T03:00:00Z"), 12000, "jpy", ("usd", 7993), name="Sato Hanako",
                cid="ch_3YenSettledInDollars000")
jpyusd["payment_intent"] = "pi_3YenSettledInDollars000"
eur = charge(ts("2026-09-12T10:00:00Z"), 4900, "eur", ("usd", 5341), name="Jörg Müller",
             cid="ch_3EuroSettledInDollars00")
eur["payment_intent"] = "pi_3EuroSettledInDollars00"
isk = charge(ts("2026-09-13T10:00:00Z"), 250000, "isk", name="Sigríður Jónsdóttir",
             cid="ch_3KronaTwoDecimal0000000")
isk["payment_intent"] = "pi_3KronaTwoDecimal0000000"
lost = charge(ts("2026-06-01T16:00:00Z"), 20000, name="Disputed Lost", cid="ch_3DisputeLost00000000000")
lost["payment_intent"] = "pi_3DisputeLost00000000000"
dispute(lost, ts("2026-06-20T16:00:00Z"))["id"]
won = charge(ts("2026-07-01T16:00:00Z"), 15000, name="Disputed Won", cid="ch_3DisputeWon000000000000")
won["payment_intent"] = "pi_3DisputeWon000000000000"
dispute(won, ts("2026-07-10T16:00:00Z"), won_at=ts("2026-08-01T16:00:00Z"))
rf = charge(ts("2026-05-01T16:00:00Z"), 2500, name="Refund Failed", cid="ch_3RefundFailed0000000000")
rf["payment_intent"] = "pi_3RefundFailed0000000000"
refund(rf, ts("2026-05-02T16:00:00Z"), 2500, fail_at=ts("2026-05-09T16:00:00Z"))
legacy = charge(ts("2026-03-03T16:00:00Z"), 1200, pi=False, name="Legacy Card", cid="ch_3LegacyNoIntent00000000")
charge(ts("2026-04-04T16:00:00Z"), 3300, status="failed", name="Declined Card", cid="ch_3DeclinedCard0000000000")
charge(ts("2026-04-05T16:00:00Z"), 3300, status="failed", name="Declined Card")
txn(ts("2026-08-15T12:00:00Z"), "adjustment", "other_adjustment", -500, "usd", 0, None,
    "Adjustment for a missing fee")
txn(ts("2026-09-01T12:00:00Z"), "stripe_fee", "fee", -200, "usd", 0, None, "Radar (2026-08)")
txn(ts("2026-09-05T12:00:00Z"), "transfer", "transfer", -10000, "usd", 0, rid("tr_"), None)
day = ts("2026-01-07T00:00:00Z")
while day < now:
    txn(day, "payout", "payout", -R.randrange(10000, 500000), "usd", 0, rid("po_"), "STRIPE PAYOUT")
    day += 7 * 86400

# Stripe gives no two objects the same id; the fake sorts by created, then id.
ids = [o["id"] for o in charges + refunds + disputes + txns]
assert len(ids) == len(set(ids))
for d in disputes:
    d["balance_transactions"] = [t["id"] for t in d["balance_transactions"]]
world = {"charges": charges, "refunds": refunds, "disputes": disputes, "balance_transactions": txns}
with open(os.path.join(os.path.dirname(__file__), "stripe.json"), "w") as f:
    json.dump(world, f, indent=0, ensure_ascii=False)
    f.write("\n")
