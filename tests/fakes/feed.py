#!/usr/bin/env python3
"""A fake job-feed server: RSS 2.0, RSS 1.0 and Atom as Upwork, Freelancer
and Braintrust publish them, and the ways a feed goes wrong.

GET paths (the files are in data/feeds/):

  /upwork.rss        RSS 2.0, four jobs as Upwork writes them (escaped HTML)
  /braintrust.atom   Atom 1.0, three jobs (html, xhtml and text content)
  /freelancer.rdf    RSS 1.0 (RDF), two jobs
  /repeat.rss        a search feed that repeats a job of its own and one of
                     /upwork.rss, and has an item with neither guid nor link
  /broken.rss        not well-formed XML (a bare "&")
  /rolling.rss       a feed that moves on: request N (from 0) holds jobs
                     2N+1 .. 2N+5, newest first, so that each request brings
                     two new jobs and three already seen
  /login.html        an HTML page where a feed should be
  /files/NAME        the file NAME of --dir, as application/xml: feeds a
                     test writes for itself
  anything else      404

Each feed is also at /private/PATH, which wants the query
securityToken=--token (as Upwork's private feeds do) and answers 403
without it.  The fakelib faults apply to the feed requests.
"""

import os

import fakelib

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "feeds")
FILES = {
    "/upwork.rss": ("upwork.rss", "application/rss+xml"),
    "/braintrust.atom": ("braintrust.atom", "application/atom+xml"),
    "/freelancer.rdf": ("freelancer.rdf", "application/rdf+xml"),
    "/repeat.rss": ("repeat.rss", "application/rss+xml"),
    "/broken.rss": ("broken.rss", "application/rss+xml"),
}


def rolling(n):
    items = []
    for k in range(2 * n + 5, 2 * n, -1):
        items.append(
            "<item><title>Rolling job %d</title>"
            "<link>https://www.upwork.com/jobs/rolling_%%7E%04d?source=rss</link>"
            "<description>&lt;b&gt;Budget&lt;/b&gt;: $%d</description>"
            "<pubDate>Sat, 21 Nov 2026 %02d:00:00 +0000</pubDate>"
            "<guid>https://www.upwork.com/jobs/rolling_%%7E%04d?source=rss</guid></item>"
            % (k, k, 100 * k, k % 24, k))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Rolling</title>'
            + "".join(items) + "</channel></rss>")


class Feed(fakelib.Handler):
    def route(self, method, path, query, body):
        if method != "GET":
            return self.send(405, "method not allowed", "text/plain")
        if path == "/login.html":
            return self.send(200, "<!DOCTYPE html><html><head><title>Log in</title></head>"
                             "<body><form>...</form></body></html>", "text/html")
        if path.startswith("/private/"):
            path = path[len("/private"):]
            if query.get("securityToken") != self.server.args.token:
                return self.send(403, "<error>invalid security token</error>", "application/xml")
        if path.startswith("/files/") and self.server.args.dir:
            name = os.path.basename(path)
            try:
                with open(os.path.join(self.server.args.dir, name), "rb") as f:
                    data = f.read()
            except OSError:
                return self.send(404, "not found", "text/plain")
            if self.fault():
                return
            return self.send(200, data, "application/xml")
        if path not in FILES and path != "/rolling.rss":
            return self.send(404, "not found", "text/plain")
        if self.fault():
            return
        if path == "/rolling.rss":
            with self.server.lock:
                n = getattr(self.server, "rolls", 0)
                self.server.rolls = n + 1
            return self.send(200, rolling(n), "application/rss+xml")
        name, ctype = FILES[path]
        with open(os.path.join(HERE, name), "rb") as f:
            self.send(200, f.read(), ctype + "; charset=utf-8")


def args(p):
    p.add_argument("--token", default="feed-token-5f1c9a7e20")
    p.add_argument("--dir", default="")


if __name__ == "__main__":
    fakelib.main(Feed, args)
