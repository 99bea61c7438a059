#!/usr/bin/env python3
"""Another host, where a hostile API redirects rt: it answers every request,
whatever its method and path, 200 with {"ok": true, "host": "elsewhere"},
and logs what it was sent (headers, body), so that a test can see that no
credential and no body ever arrived here."""

import fakelib


class Elsewhere(fakelib.Handler):
    def route(self, method, path, query, body):
        self.send_json(200, {"ok": True, "host": "elsewhere"})


if __name__ == "__main__":
    fakelib.main(Elsewhere)
