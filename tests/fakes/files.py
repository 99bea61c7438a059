#!/usr/bin/env python3
"""A plain web server for the dashboard's tests: GET /NAME answers the file
--root/NAME as it is on disk at that moment (so a test may replace it
between requests), with its Content-Type and a Last-Modified of its mtime,
as a static web server would; anything else is 404.  Every request is
logged (fakelib's --log), so a test sees when the page polled."""

import email.utils
import os

import fakelib

TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json", ".png": "image/png"}


class Files(fakelib.Handler):
    def route(self, method, path, query, body):
        root = os.path.realpath(self.server.args.root)
        name = os.path.realpath(os.path.join(root, path.lstrip("/") or "index.html"))
        if method != "GET" or not name.startswith(root + os.sep) or not os.path.isfile(name):
            return self.send(404, "not found", "text/plain")
        with open(name, "rb") as f:
            data = f.read()
        mtime = os.stat(name).st_mtime
        self.send(200, data, TYPES.get(os.path.splitext(name)[1], "application/octet-stream"),
                  {"Last-Modified": email.utils.formatdate(mtime, usegmt=True), "Cache-Control": "no-cache"})


def args(p):
    p.add_argument("--root", required=True)


if __name__ == "__main__":
    fakelib.main(Files, args)
