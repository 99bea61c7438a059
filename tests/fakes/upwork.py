#!/usr/bin/env python3
"""A fake of Upwork's GraphQL API, POST /graphql (apis.md section 6), over
data/upwork.json: a Bearer access token (401 otherwise), an optional
X-Upwork-API-TenantId that must name --tenant when sent, the query
accountingEntity { id }, and transactionHistory with the filter
{aceIds_any: [id], transactionDateTime_bt: {rangeStart, rangeEnd}} as
YYYY-MM-DD days, both included, at most 31 of them.  A query it does not
know, a range too long or an unknown entity answer 200 with a GraphQL
"errors" array, as GraphQL servers do.

Besides fakelib's faults: 'graphql-error' answers 200 with Upwork's
message about missing OAuth2 scopes and "data": null."""

import datetime
import json
import os

import fakelib

ROWS = json.load(open(os.path.join(os.path.dirname(__file__), "data", "upwork.json")))
TOKEN = "oauth2v2_test_Vb7Qp2Lx9Mz4Tn8Kr1Wd"
ACE = "1459361290498224128"


def gql_error(message, path=None):
    e = {"message": message, "locations": [{"line": 1, "column": 3}],
         "extensions": {"classification": "ExecutionAborted"}}
    if path:
        e["path"] = path
    return {"errors": [e], "data": None}


class Upwork(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "POST" or path != "/graphql":
            return self.send_json(404, {"message": "Not Found"})
        if self.headers.get("Authorization") != "Bearer " + self.server.args.token:
            return self.send_json(401, {"message": "Authentication failed"})
        tenant = self.headers.get("X-Upwork-API-TenantId")
        if tenant is not None and tenant != self.server.args.tenant:
            return self.send_json(200, gql_error("Tenant %s is not accessible" % tenant))
        action = self.server.next_action()
        if action == "graphql-error":
            return self.send_json(200, gql_error(
                "Authentication failed: not enough oauth2 permissions/scopes to access: "
                "[TransactionHistory.transactionDetail]", ["transactionHistory"]))
        if self.fault(action):
            return
        try:
            req = json.loads(body)
            q = req["query"]
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"message": "Bad Request"})
        if "accountingEntity" in q and "transactionHistory" not in q:
            return self.send_json(200, {"data": {"accountingEntity": {"id": ACE}}})
        if "transactionHistory" not in q or "transactionHistoryRow" not in q:
            return self.send_json(200, gql_error("Validation error: unknown query"))
        f = ((req.get("variables") or {}).get("filter") or {})
        if f.get("aceIds_any") != [ACE]:
            return self.send_json(200, gql_error("Accounting entity not found", ["transactionHistory"]))
        span = f.get("transactionDateTime_bt") or {}
        try:
            a = datetime.date.fromisoformat(span["rangeStart"])
            b = datetime.date.fromisoformat(span["rangeEnd"])
        except (KeyError, ValueError, TypeError):
            return self.send_json(200, gql_error("Invalid date range", ["transactionHistory"]))
        if b < a or (b - a).days >= 31:
            return self.send_json(200, gql_error("Date range must not exceed 31 days", ["transactionHistory"]))
        rows = [r for r in ROWS if a.isoformat() <= r["transactionCreationDate"][:10] <= b.isoformat()]
        self.send_json(200, {"data": {"transactionHistory": {"transactionDetail": {"transactionHistoryRow": rows}}}})


def args(p):
    p.add_argument("--token", default=TOKEN)
    p.add_argument("--tenant", default="424242")


if __name__ == "__main__":
    fakelib.main(Upwork, args)
