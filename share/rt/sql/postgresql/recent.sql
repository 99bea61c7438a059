-- The most recent records, newest first (by date, then id), a page at a
-- time: :per records a page (default 20), page :page (default 1).  Money
-- in minor units; reversed records are shown, retracted ones are not.
--
--	psql -X --csv -f recent.sql postgresql:///ledger
--	psql -X --csv -v page=2 -v per=10 -f recent.sql postgresql:///ledger
\if :{?per}
\else
\set per 20
\endif
\if :{?page}
\else
\set page 1
\endif
SELECT date, id, source, client, description, amount_minor, currency, kind, status
FROM revenue_events
WHERE retracted_at IS NULL
ORDER BY date DESC, id COLLATE "C" DESC
LIMIT :per OFFSET :per * (:page - 1);
