-- Month-over-month growth of the net per source and currency: each month's
-- net (completed records, minor units, spans pro rata), the month before's
-- (0 when it had none), the change, and the change in percent of the month
-- before, rounded to two places (empty when the month before was 0).
--
--	sqlite3 -csv -header ledger.db <growth-month.sql
WITH months AS (
	SELECT substr(day, 1, 7) AS month, source, currency,
		sum(CASE WHEN status = 'completed' THEN amount ELSE 0 END) AS net_minor
	FROM revenue_days
	GROUP BY 1, 2, 3
)
SELECT m.month, m.source, m.currency, m.net_minor,
	coalesce(p.net_minor, 0) AS previous_net_minor,
	m.net_minor - coalesce(p.net_minor, 0) AS change_minor,
	CASE WHEN coalesce(p.net_minor, 0) = 0 THEN NULL
		ELSE printf('%.2f', (m.net_minor - p.net_minor) * 100.0 / abs(p.net_minor)) END AS growth_pct
FROM months AS m
LEFT JOIN months AS p ON p.source = m.source AND p.currency = m.currency
	AND p.month = strftime('%Y-%m', m.month || '-01', '-1 month')
ORDER BY m.month, m.source, m.currency;
