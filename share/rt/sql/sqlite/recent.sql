-- The most recent records, newest first (by date, then id), a page at a
-- time: :per records a page (default 20), page :page (default 1).  Money
-- in minor units; reversed records are shown, retracted ones are not.
--
--	sqlite3 -csv -header ledger.db <recent.sql
--	sqlite3 -json -cmd '.param set :page 2' -cmd '.param set :per 10' ledger.db <recent.sql
SELECT date, id, source, client, description, amount_minor, currency, kind, status
FROM revenue_events
WHERE retracted_at IS NULL
ORDER BY date DESC, id DESC
LIMIT coalesce(:per, 20) OFFSET coalesce(:per, 20) * (coalesce(:page, 1) - 1);
