-- What changed this week (since Monday 00:00 UTC of the week of :today,
-- default today): records loaded for the first time ('new'), changed by a
-- later delivery ('changed'), retracted by a replacement ('retracted') or
-- delivered again after one ('restored'), oldest first.  before_minor is
-- the amount before the change, after_minor the amount now (empty for a
-- record retracted since).
--
--	psql -X --csv -f changes-week.sql postgresql:///ledger
--	psql -X --csv -v today=2026-11-21 -f changes-week.sql postgresql:///ledger
\if :{?today}
\else
\set today now
\endif
WITH week AS (SELECT date_trunc('week', :'today'::date)::date AS start)
SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, change, id, source, date,
	before_minor, after_minor, currency, description
FROM (
	SELECT e.first_seen AS at, 'new' AS change, e.id, e.source, e.date,
		NULL::bigint AS before_minor, e.amount_minor AS after_minor, e.currency, e.description
	FROM revenue_events AS e, week
	WHERE e.first_seen >= week.start
	UNION ALL
	SELECT h.changed_at, h.change, h.id, h.source, h.date, h.amount_minor,
		CASE WHEN e.retracted_at IS NULL THEN e.amount_minor END, h.currency,
		coalesce(e.description, h.description)
	FROM revenue_history AS h JOIN revenue_events AS e ON e.id = h.id, week
	WHERE h.changed_at >= week.start
) AS c
ORDER BY c.at, c.id COLLATE "C", c.change;
