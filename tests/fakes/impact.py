#!/usr/bin/env python3
"""A fake of impact.com's GET /Mediapartners/{AccountSID}/Reports/partner_performance_by_day
(apis.md section 2): HTTP Basic with the Account SID as user and the Auth
Token as password (401 otherwise, and when the SID in the path is not the
user's); XML in an <ImpactRadiusResponse> unless the request accepts
application/json; START_DATE and END_DATE only as YYYY-MM-DD (400 with the
impact error envelope otherwise); the rows of
data/impact-performance-by-day.json (or of --data FILE) in that range, in pages of at most 200
rows whatever PageSize asks, with the "@page", "@numpages", "@pagesize",
"@total" string keys and a relative "@nextpageuri" that is empty on the last
page.

Besides fakelib's faults: 'repeat' serves the requested page with its own
URI as "@nextpageuri" (the same cursor again); 'status-error' answers 200
with {"Status":"ERROR",...}, as impact does for some failures; '400' refuses
the dates as the API does a format it does not take; 'xml' answers in XML
as impact does without Accept: application/json; 'offsite' links the next
page on another host.

--paging changes what the paging keys say, on every answer: total-more and
total-less make "@total" one more or one less than the rows served,
total-changes makes it one more from the second page on, numpages-more
makes "@numpages" one more than the pages served (the last page still
ends the list), and nokeys answers only "Records": up to PageSize rows, in
one answer, with no "@" key at all."""

import datetime
import json
import os
import re
import urllib.parse

import fakelib

DATA_FILE = os.path.join(os.path.dirname(__file__), "data", "impact-performance-by-day.json")
SID = "IRkT7vQ2mX9pLw4Z3588912aBcDeFgHq"
TOKEN = "tkn_Qz8wV3nR6yH1uJ5kP0sD9fG2"
REPORT = "partner_performance_by_day"
MAXPAGE = 200
OWN_FAULTS = ("status-error", "400", "xml", "offsite")


def error_envelope(message, errors):
    return {"Status": "ERROR", "Message": message, "Errors": errors}


def xml(records):
    """The shape impact answers in without Accept: application/json."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<ImpactRadiusResponse>", "<Records>"]
    for r in records:
        out.append("<Record>" + "".join("<%s>%s</%s>" % (k, v, k) for k, v in r.items()) + "</Record>")
    out += ["</Records>", "</ImpactRadiusResponse>"]
    return "\n".join(out)


def iso_date(s):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s or ""):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


class Impact(fakelib.Handler):
    def fault(self):
        # impact's own failure modes first; the rest are fakelib's.
        with self.server.lock:
            faults = self.server.faults
            own = faults.pop(0) if faults and faults[0] in OWN_FAULTS else None
        self.repeat = self.offsite = False
        if own == "offsite":
            self.offsite = True
            return False
        if own == "status-error":
            self.send_json(200, error_envelope("The report could not be run", [
                {"Field": "", "Message": "Report execution timed out; try a shorter date range"}]))
        elif own == "400":
            self.send_json(400, self.bad_date("START_DATE"))
        elif own == "xml":
            self.send(200, xml([]), "application/xml")
        return True if own else super().fault()

    def bad_date(self, field):
        return error_envelope("Validation Failed", [
            {"Field": field, "Message": "Invalid date format. Expected yyyy-MM-dd"}])

    def route(self, method, path, query, body):
        m = re.fullmatch(r"/Mediapartners/([^/]+)/Reports/([^/]+)", path)
        if method != "GET" or m is None or m.group(2) != REPORT:
            return self.send_json(404, error_envelope("Not Found", []))
        sid = urllib.parse.unquote(m.group(1))
        if self.basic_auth() != (self.server.args.sid, self.server.args.token) or sid != self.server.args.sid:
            return self.send_json(401, error_envelope("Unauthorized", []))
        if self.fault():
            return
        json_wanted = "application/json" in (self.headers.get("Accept") or "")
        start, end = iso_date(query.get("START_DATE")), iso_date(query.get("END_DATE"))
        if start is None or end is None:
            err = self.bad_date("START_DATE" if start is None else "END_DATE")
            if not json_wanted:
                return self.send(400, "<ImpactRadiusResponse><Status>ERROR</Status><Message>%s</Message>"
                                 "</ImpactRadiusResponse>" % err["Message"], "application/xml")
            return self.send_json(400, err)
        if not hasattr(self.server, "rows"):
            self.server.rows = json.load(open(self.server.args.data))["rows"]
        rows = [x["row"] for x in self.server.rows if start.isoformat() <= x["day"] <= end.isoformat()]
        if not json_wanted:
            return self.send(200, xml(rows), "application/xml")
        try:
            size = min(int(query.get("PageSize", "100")), MAXPAGE)
            page = int(query.get("Page", "1"))
        except ValueError:
            return self.send_json(400, error_envelope("Validation Failed", [
                {"Field": "PageSize", "Message": "Not a numeric value"}]))
        mode = self.server.args.paging
        if mode == "nokeys":
            return self.send_json(200, {"Records": rows[:int(query.get("PageSize", "100"))]})
        numpages = max(1, (len(rows) + size - 1) // size)
        nxt = ""
        if self.repeat:
            nxt = self.path
        elif self.offsite:
            nxt = "https://impact.example.net" + path + "?Page=2"
        elif page < numpages:
            q = dict(query, PageSize=str(size), Page=str(page + 1))
            nxt = "%s?%s" % (path, urllib.parse.urlencode(q))
        total = len(rows) + {"total-more": 1, "total-less": -1}.get(mode, 0)
        if mode == "total-changes" and page > 1:
            total += 1
        if mode == "numpages-more":
            numpages += 1
        self.send_json(200, {
            "@page": str(page), "@numpages": str(numpages), "@pagesize": str(size),
            "@total": str(total), "@nextpageuri": nxt,
            "Records": rows[(page - 1) * size:page * size],
        })


def args(p):
    p.add_argument("--sid", default=SID)
    p.add_argument("--token", default=TOKEN)
    p.add_argument("--data", default=DATA_FILE)
    p.add_argument("--paging", default="normal",
                   choices=["normal", "total-more", "total-less", "total-changes", "numpages-more", "nokeys"])


if __name__ == "__main__":
    fakelib.main(Impact, args)
