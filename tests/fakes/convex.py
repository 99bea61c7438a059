#!/usr/bin/env python3
"""A fake Convex deployment's HTTP actions for revenue snapshots (apis.md
section 10), as the Mission Control document defines them:

  POST /revenue/snapshot   stores a snapshot and answers {"ok":true,"id":"snap_N"}
                           (compact, as Response.json does); a repeated
                           Idempotency-Key answers the first id again and
                           stores nothing
  GET  /revenue/latest     the last snapshot's exact bytes, or 404 with an
                           empty body, for dashboards

The POST wants the shared secret as "Authorization: Bearer SECRET" or in
the header --secret-header names (x-api-secret unless told; a deployment
may use x-activity-secret): 401 "unauthorized" otherwise.  A body that is
not a JSON object is 400.  The body is then checked as the action's Convex
argument validator checks it,

  v.object({snapshotDate: v.string(), totalYtdUsd: v.number(),
            projectedAnnualUsd: v.number(), last30dUsd: v.number(),
            sources: v.object({close: v.union(v.number(), v.null()),
                               impact: ..., redventures: ..., adsbymoney: ...,
                               msn: v.number()}),
            createdAt: v.number()})

and a body it refuses (an extra field, a missing one, a string where a
number belongs, a null msn) is answered 500 with the validator's message as
text, as a deployment whose handler lets the error through answers.
--schema none skips the check, for tests of posting in general.  The
fakelib faults apply to the POST; other paths are 404."""

import json

import fakelib

SECRET = "convex_test_secret_7Hq2LmX9"
NUMBER = "v.float64()"
NULLABLE = "v.union(v.float64(), v.null())"
SOURCES = {"close": NULLABLE, "impact": NULLABLE, "redventures": NULLABLE, "adsbymoney": NULLABLE,
           "msn": NUMBER}
SCHEMA = {"snapshotDate": "v.string()", "totalYtdUsd": NUMBER, "projectedAnnualUsd": NUMBER,
          "last30dUsd": NUMBER, "sources": SOURCES, "createdAt": NUMBER}


def validator_text(schema):
    if isinstance(schema, str):
        return schema
    return "v.object({%s})" % ", ".join("%s: %s" % (k, validator_text(v)) for k, v in schema.items())


def matches(value, validator):
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if validator == "v.string()":
        return isinstance(value, str)
    if validator == NUMBER:
        return is_number
    if validator == NULLABLE:
        return is_number or value is None
    return False


def validate(value, schema, path=""):
    """The message Convex gives for the first thing wrong, or None."""
    if not isinstance(schema, dict):
        if matches(value, schema):
            return None
        return ("ArgumentValidationError: Value does not match validator.\nPath: %s\nValue: %s\n"
                "Validator: %s" % (path or ".", json.dumps(value), schema))
    if not isinstance(value, dict):
        return ("ArgumentValidationError: Value does not match validator.\nPath: %s\nValue: %s\n"
                "Validator: %s" % (path or ".", json.dumps(value), validator_text(schema)))
    for key in value:
        if key not in schema:
            return ("ArgumentValidationError: Object contains extra field `%s` that is not in the "
                    "validator.\nPath: %s\nObject: %s\nValidator: %s"
                    % (key, path or ".", json.dumps(value, separators=(",", ":")), validator_text(schema)))
    for key, sub in schema.items():
        if key not in value:
            return ("ArgumentValidationError: Object is missing the required field `%s`. Consider "
                    "wrapping the field validator in `v.optional(...)` if this is expected.\nPath: %s"
                    % (key, path or "."))
        msg = validate(value[key], sub, "%s.%s" % (path, key))
        if msg:
            return msg
    return None


class Convex(fakelib.Handler):
    snapshots = []  # raw bodies, in order
    by_key = {}     # Idempotency-Key -> id

    def compact(self, status, obj):
        self.send(status, json.dumps(obj, separators=(",", ":")))

    def route(self, method, path, query, body):
        if path == "/revenue/latest" and method == "GET":
            if not Convex.snapshots:
                return self.send(404, b"", "text/plain")
            return self.send(200, Convex.snapshots[-1])
        if path != "/revenue/snapshot" or method != "POST":
            return self.send(404, "Not found", "text/plain")
        args = self.server.args
        if self.headers.get(args.secret_header) != args.secret and \
                self.headers.get("Authorization") != "Bearer " + args.secret:
            return self.send(401, "unauthorized", "text/plain")
        if self.fault():
            return
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if not isinstance(doc, dict):
            return self.compact(400, {"ok": False, "error": "the body is not a JSON object"})
        msg = validate(doc, SCHEMA) if args.schema == "snapshot" else None
        if msg:
            return self.send(500, msg, "text/plain; charset=utf-8")
        key = self.headers.get("Idempotency-Key")
        with self.server.lock:
            if key and key in Convex.by_key:
                return self.compact(200, {"ok": True, "id": Convex.by_key[key]})
            Convex.snapshots.append(body)
            sid = "snap_%d" % len(Convex.snapshots)
            if key:
                Convex.by_key[key] = sid
        self.compact(200, {"ok": True, "id": sid})


def args(p):
    p.add_argument("--secret", default=SECRET)
    p.add_argument("--secret-header", default="x-api-secret")
    p.add_argument("--schema", choices=["snapshot", "none"], default="snapshot")


if __name__ == "__main__":
    fakelib.main(Convex, args)
