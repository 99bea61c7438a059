#!/usr/bin/env python3
"""Writes data/gumroad.json, the sales tests/fakes/gumroad.py serves, as
Purchase#as_json(version: 2) shapes them (apis.md section 5).  Deterministic;
run it again only to change the data, then fix the tests that count it.

Besides about 120 ordinary sales in 2026, one of each case the tests name:
a sale refunded in full, one refunded in part (60.00 of 100.00 still
refundable), one charged back, one whose dispute was won, a free download,
and a sale at 23:30 in Chicago on November 20 (05:30 UTC the next day)."""

import datetime
import json
import os
import random

R = random.Random(20261121)
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
PRODUCTS = [("Pencil Icon PSD", 1000), ("Unix Pipes Course", 4900), ("Font Pack", 1500),
            ("Monthly Newsletter", 500), ("Preset Bundle", 2900)]
NAMES = ["Calvin Harris", "Ana Souza", "Zoë Kravitz", "Bo Li", "", "Kwame Mensah"]
sales = []


def sale(created, product=None, price=None, name=None, **flags):
    pname, pprice = product or R.choice(PRODUCTS)
    price = pprice if price is None else price
    name = R.choice(NAMES) if name is None else name
    email = (name.split()[0].lower() if name else "buyer%d" % len(sales)) + "@example.com"
    s = {
        "id": "".join(R.choice(B64) for _ in range(22)) + "==",
        "email": email, "seller_id": "kL0psVL2admJSYRNs-OCMg==",
        "timestamp": "some time ago", "daystamp": created[:10],
        "created_at": created, "product_name": pname, "product_has_variants": False,
        "price": price, "gumroad_fee": 0 if price == 0 else round(price * 0.1) + 50,
        "subscription_duration": "monthly" if pname == "Monthly Newsletter" else None,
        "formatted_display_price": "$%d.%02d" % (price // 100, price % 100),
        "formatted_total_price": "$%d.%02d" % (price // 100, price % 100),
        "currency_symbol": "$", "amount_refundable_in_currency": "%d.%02d" % (price // 100, price % 100),
        "product_id": "32-nPainqpLj1B_WIwVlMw==", "product_permalink": "abc",
        "refunded": False, "partially_refunded": False, "chargedback": False,
        "purchase_email": email, "full_name": name, "paid": price != 0, "quantity": 1,
        "order_id": 524459995 + len(sales), "disputed": False, "dispute_won": False,
        "variants": {}, "custom_fields": {}, "card": {"visual": "**** **** **** 4242", "type": "visa"},
    }
    s.update(flags)
    sales.append(s)
    return s


start = datetime.datetime(2026, 1, 1, 6, tzinfo=datetime.timezone.utc)
span = int((datetime.datetime(2026, 11, 21, 11, tzinfo=datetime.timezone.utc) - start).total_seconds())
for i in range(120):
    t = start + datetime.timedelta(seconds=R.randrange(span))
    sale(t.strftime("%Y-%m-%dT%H:%M:%SZ"))

sale("2026-10-01T15:00:00Z", ("Unix Pipes Course", 4900), name="Refunded Whole", refunded=True,
     amount_refundable_in_currency="0")
sale("2026-10-02T15:00:00Z", ("Coaching Session", 10000), name="Refunded In Part",
     partially_refunded=True, amount_refundable_in_currency="60.00")
sale("2026-10-03T15:00:00Z", ("Preset Bundle", 2900), name="Charged Back", chargedback=True,
     disputed=True)
sale("2026-10-04T15:00:00Z", ("Font Pack", 1500), name="Dispute Won", disputed=True, dispute_won=True)
sale("2026-10-05T15:00:00Z", ("Free Sample", 0), name="Free Download")
sale("2026-11-21T05:30:00Z", ("Pencil Icon PSD", 1000), name="Late Night")

ids = [s["id"] for s in sales]
assert len(ids) == len(set(ids))
with open(os.path.join(os.path.dirname(__file__), "gumroad.json"), "w") as f:
    json.dump(sales, f, indent=0, ensure_ascii=False)
    f.write("\n")
