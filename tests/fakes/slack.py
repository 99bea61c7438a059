#!/usr/bin/env python3
"""A fake Slack incoming webhook (apis.md section 8): POST to the webhook's
path (--path, default /services/T000/B000/XXXX) with a JSON body holding a
non-empty "text" answers 200 text/plain "ok"; a body without one is 400
"invalid_payload"; any other path is 404 "no_service" (a revoked URL).
--refuse STATUS:BODY answers every POST to the webhook that way (410
channel_is_archived, 403 action_prohibited, ...).  The fakelib faults apply,
and Slack's 429 is the 429-retry-after one."""

import json

import fakelib


class Slack(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "POST" or path != self.server.args.path:
            return self.send(404, "no_service", "text/plain")
        if self.server.args.refuse:
            status, _, text = self.server.args.refuse.partition(":")
            return self.send(int(status), text, "text/plain")
        if self.fault():
            return
        try:
            doc = json.loads(body)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str) or not doc["text"]:
            return self.send(400, "invalid_payload", "text/plain")
        self.send(200, "ok", "text/plain")


def args(p):
    p.add_argument("--path", default="/services/T000/B000/XXXX")
    p.add_argument("--refuse", default="")


if __name__ == "__main__":
    fakelib.main(Slack, args)
