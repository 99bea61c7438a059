-- Month-over-month growth of the net per source and currency: each month's
-- net (completed records, minor units, spans pro rata), the month before's
-- (0 when it had none), the change, and the change in percent of the month
-- before, rounded to two places (empty when the month before was 0).
--
--	psql -X --csv -f growth-month.sql postgresql:///ledger
WITH months AS (
	SELECT date_trunc('month', day)::date AS first, source, currency,
		coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::bigint AS net_minor
	FROM revenue_days
	GROUP BY 1, 2, 3
)
SELECT to_char(m.first, 'YYYY-MM') AS month, m.source, m.currency, m.net_minor,
	coalesce(p.net_minor, 0) AS previous_net_minor,
	m.net_minor - coalesce(p.net_minor, 0) AS change_minor,
	CASE WHEN coalesce(p.net_minor, 0) = 0 THEN NULL
		ELSE round((m.net_minor - p.net_minor) * 100.0 / abs(p.net_minor), 2) END AS growth_pct
FROM months AS m
LEFT JOIN months AS p ON p.source = m.source AND p.currency = m.currency
	AND p.first = (m.first - interval '1 month')::date
ORDER BY m.first, m.source COLLATE "C", m.currency COLLATE "C";
