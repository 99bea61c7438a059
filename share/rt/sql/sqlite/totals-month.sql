-- Totals per month, source and currency (the month, YYYY-MM), as
-- rt-aggregate -g month,source writes them: count is the completed records
-- that touch the month, the sums are minor units of the currency, a spanning
-- record counts pro rata (the view revenue_days), and pending amounts are
-- apart.  Currencies are never added together.
--
--	sqlite3 -csv -header ledger.db <totals-month.sql
SELECT substr(day, 1, 7) AS month, source, currency,
	count(DISTINCT CASE WHEN status = 'completed' THEN id END) AS count,
	sum(CASE WHEN status = 'completed' AND kind = 'sale' THEN amount ELSE 0 END) AS gross_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'refund' THEN amount ELSE 0 END) AS refunds_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'fee' THEN amount ELSE 0 END) AS fees_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'chargeback' THEN amount ELSE 0 END) AS chargebacks_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'adjustment' THEN amount ELSE 0 END) AS adjustments_minor,
	sum(CASE WHEN status = 'completed' THEN amount ELSE 0 END) AS net_minor,
	sum(CASE WHEN status = 'pending' THEN amount ELSE 0 END) AS pending_minor
FROM revenue_days
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
