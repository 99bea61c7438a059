#!/usr/bin/env python3
"""A fake of the AdsByMoney publisher site, which has no API.  Nothing about
the site is public (apis.md has nothing): every form field, parameter and
JSON shape here is rt's assumption, written down in man/rt-scrape-abm.1, and
this fake is the contract rt-scrape-abm is held to.  It behaves like a
Rails/Devise application:

  GET  /sign_in        the sign-in page: <meta name="csrf-param"> and
                       <meta name="csrf-token"> (a random token per session,
                       always holding + and / so that unescaped form data
                       fails) and a session cookie, _abm_session
  POST /sign_in        form data authenticity_token, user[email],
                       user[password]; a missing or wrong token is 422; wrong
                       credentials are 200 with the sign-in page again; right
                       ones rotate the session cookie and redirect (302) to
                       /admin
  GET  /admin          the dashboard
  GET  /admin/publisher_campaigns?start_date=YYYY-MM-DD&end_date=YYYY-MM-DD
                       &date_range_index=10
                       sets the session's custom range (10 = "custom")
  GET  /admin/publisher_overviews?pubid=..&status=active
                       the earnings of the session's range, as
                       {"data": [{"timestamp", "earnings", "impressions",
                       "clicks"}]}, one entry per day, timestamp = the day's
                       midnight in --tz; earnings a JSON number on odd days,
                       a decimal string on even ones; --pad N widens the
                       range by N days each side (the site's day may not be
                       the reporting zone's: the client must filter);
                       --shape array answers a top-level array; rows,
                       twice and notime break the assumed shape (the
                       array under "rows", each entry twice, no
                       timestamps)
Every /admin page without a signed-in session redirects (302) to /sign_in.

The earnings are tests/fakes/data/abm-earnings.json, one entry per day of 2026.
--faults (fakelib) acts on the overview requests; --fail-step STEP=ACTION
breaks one step on every request: STEP is sign_in, login, campaigns or
overviews; ACTION is an HTTP status, nonjson (a 200 HTML page), nometa (a
sign-in page without the csrf meta tags), signin (the redirect to /sign_in a
lost session gets), stall (--stall seconds of silence first), or a fakelib
redirect-NNN (to --redirect-to) or echo."""

import argparse
import base64
import datetime
import http.cookies
import json
import os
import secrets
import time
import urllib.parse
import zoneinfo

import fakelib

DATA = json.load(open(os.path.join(os.path.dirname(__file__), "data", "abm-earnings.json")))
COOKIE = "_abm_session"
EMAIL = "pub@example.com"
PASSWORD = "Pa ss&w=rd+%2F/9Qx"
PUBID = "PUB-20417"

SIGN_IN = """<!DOCTYPE html>
<html lang="en">
<head>
<title>AdsByMoney | Publisher sign in</title>
{meta}
<script>window.dataLayer = [{{"page": "sign_in"}}];</script>
</head>
<body>
<div class="container">
{flash}
<form class="new_user" id="new_user" action="/sign_in" accept-charset="UTF-8" method="post">
<input type="hidden" name="authenticity_token" value="{token}" autocomplete="off">
<label for="user_email">Email</label>
<input autofocus type="email" name="user[email]" id="user_email">
<label for="user_password">Password</label>
<input autocomplete="current-password" type="password" name="user[password]" id="user_password">
<input type="submit" name="commit" value="Log in">
</form>
</div>
</body>
</html>
"""

META = """<meta name="csrf-param" content="authenticity_token" />
<meta name="csrf-token" content="{token}" />"""

ADMIN = """<!DOCTYPE html>
<html><head><title>AdsByMoney | {title}</title>{meta}</head>
<body><nav><a href="/admin">Dashboard</a> <a href="/admin/publisher_campaigns">Campaigns</a></nav>
<h1>{title}</h1><p>Signed in as {email}.</p></body></html>
"""


def new_token():
    # Rails tokens are strict base64; this fake makes sure + and / are in it.
    while True:
        t = base64.b64encode(secrets.token_bytes(32)).decode()
        if "+" in t and "/" in t:
            return t


class Site(fakelib.Handler):
    sessions = {}

    # Sessions -------------------------------------------------------------

    def session(self):
        """(sid, session) from the request's cookie, or (None, None)."""
        c = http.cookies.SimpleCookie()
        try:
            c.load(self.headers.get("Cookie") or "")
        except http.cookies.CookieError:
            return None, None
        sid = c[COOKIE].value if COOKIE in c else None
        with self.server.lock:
            return sid, Site.sessions.get(sid)

    def new_session(self, **kw):
        sid = secrets.token_hex(24)
        s = {"csrf": new_token(), "user": None, "range": None}
        s.update(kw)
        with self.server.lock:
            Site.sessions[sid] = s
        return sid, s

    def cookie(self, sid):
        return {"Set-Cookie": "%s=%s; path=/; HttpOnly; SameSite=Lax" % (COOKIE, sid)}

    def to_sign_in(self):
        self.send(302, b"", "text/html", {"Location": "/sign_in"})

    # Steps ----------------------------------------------------------------

    def failing(self, step):
        return dict(self.server.args.fail_step).get(step)

    def broken(self, step):
        """Takes --fail-step's action for this step; True when it answered."""
        action = self.failing(step)
        if action is None or action == "nometa":
            return False
        if action == "stall":
            time.sleep(self.server.stall)
            return False
        if action == "signin":
            self.to_sign_in()
        elif action.startswith("redirect-") or action == "echo":
            self.fault(action)
        elif action == "nonjson":
            self.send(200, "<html><body><h1>We'll be right back</h1></body></html>", "text/html")
        else:
            self.send(int(action), "<html><body><h1>Error %s</h1></body></html>" % action, "text/html")
        return True

    def sign_in_page(self, sid, s, flash=""):
        meta = "" if self.failing("sign_in") == "nometa" else META.format(token=s["csrf"])
        page = SIGN_IN.format(meta=meta, token=s["csrf"], flash=flash)
        self.send(200, page, "text/html; charset=utf-8", self.cookie(sid))

    def route(self, method, path, query, body):
        sid, s = self.session()
        if method == "GET" and path == "/sign_in":
            if self.broken("sign_in"):
                return
            if s is None:
                sid, s = self.new_session()
            return self.sign_in_page(sid, s)
        if method == "POST" and path == "/sign_in":
            return self.login(sid, s, body)
        if not path.startswith("/admin"):
            return self.send(404, "<html><body>Not found</body></html>", "text/html")
        if path == "/admin/publisher_campaigns" and self.broken("campaigns"):
            return
        if path == "/admin/publisher_overviews" and self.broken("overviews"):
            return
        if s is None or s["user"] is None:
            return self.to_sign_in()
        if path == "/admin":
            return self.send(200, ADMIN.format(title="Dashboard", meta=META.format(token=s["csrf"]),
                                               email=s["user"]), "text/html; charset=utf-8")
        if path == "/admin/publisher_campaigns":
            return self.campaigns(s, query)
        if path == "/admin/publisher_overviews":
            return self.overviews(s, query)
        self.send(404, "<html><body>Not found</body></html>", "text/html")

    def login(self, sid, s, body):
        if self.broken("login"):
            return
        form = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if s is None or form.get("authenticity_token") != s["csrf"]:
            return self.send(422, "<html><body><h1>ActionController::InvalidAuthenticityToken</h1>"
                             "</body></html>", "text/html")
        args = self.server.args
        if form.get("user[email]") != args.email or form.get("user[password]") != args.password:
            return self.sign_in_page(sid, s, '<p class="alert">Invalid Email or password.</p>')
        # Devise rotates the session on sign-in.
        with self.server.lock:
            Site.sessions.pop(sid, None)
        nsid, _ = self.new_session(user=args.email)
        h = self.cookie(nsid)
        h["Location"] = "/admin"
        self.send(302, b"", "text/html", h)

    def campaigns(self, s, query):
        try:
            a = datetime.date.fromisoformat(query.get("start_date", ""))
            b = datetime.date.fromisoformat(query.get("end_date", ""))
        except ValueError:
            return self.send(400, "<html><body>Bad date</body></html>", "text/html")
        if query.get("date_range_index") != "10":
            return self.send(400, "<html><body>This fake knows only the custom range, 10</body></html>",
                             "text/html")
        s["range"] = (a, b)
        self.send(200, ADMIN.format(title="Campaigns %s to %s" % (a, b), meta=META.format(token=s["csrf"]),
                                    email=s["user"]), "text/html; charset=utf-8")

    def overviews(self, s, query):
        if self.fault():
            return
        args = self.server.args
        if query.get("pubid") != args.pubid:
            return self.send_json(404, {"error": "publisher not found"})
        if query.get("status") != "active":
            return self.send_json(400, {"error": "status must be active"})
        # Without a custom range the site shows its default, the last 7 days.
        today = datetime.date.fromisoformat(args.today)
        a, b = s["range"] or (today - datetime.timedelta(days=6), today)
        a -= datetime.timedelta(days=args.pad)
        b += datetime.timedelta(days=args.pad)
        zone = zoneinfo.ZoneInfo(args.tz)
        entries = []
        for row in DATA:
            day = datetime.date.fromisoformat(row["date"])
            if not a <= day <= b:
                continue
            ts = int(datetime.datetime(day.year, day.month, day.day, tzinfo=zone).timestamp())
            earnings = row["earnings"] if day.day % 2 == 1 else json.dumps(row["earnings"])
            entries.append('{"timestamp": %d, "earnings": %s, "impressions": %d, "clicks": %d}'
                           % (ts, earnings, row["impressions"], row["clicks"]))
        if args.shape == "twice":
            entries = [e for e in entries for _ in (1, 2)]
        if args.shape == "notime":
            entries = [e.replace('"timestamp"', '"date"') for e in entries]
        array = "[" + ", ".join(entries) + "]"
        text = array if args.shape == "array" else '{"status": "ok", "%s": %s}' % (
            "rows" if args.shape == "rows" else "data", array)
        self.send(200, text)


def step_action(text):
    step, _, action = text.partition("=")
    if step not in ("sign_in", "login", "campaigns", "overviews") or not action:
        raise argparse.ArgumentTypeError("not STEP=ACTION: " + text)
    if action not in ("nonjson", "nometa", "signin", "stall") and not action.isdigit() \
            and not action.startswith("redirect-") and action != "echo":
        raise argparse.ArgumentTypeError("unknown action " + action)
    return step, action


def add_args(p):
    p.add_argument("--email", default=EMAIL)
    p.add_argument("--password", default=PASSWORD)
    p.add_argument("--pubid", default=PUBID)
    p.add_argument("--tz", default="America/Chicago")
    p.add_argument("--today", default="2026-11-21")
    p.add_argument("--pad", type=int, default=1)
    p.add_argument("--shape", choices=["data", "array", "rows", "twice", "notime"], default="data")
    p.add_argument("--fail-step", action="append", default=[], type=step_action,
                   help="STEP=ACTION: sign_in, login, campaigns or overviews; a status, nonjson, "
                        "nometa, signin or stall")


if __name__ == "__main__":
    fakelib.main(Site, add_args)
