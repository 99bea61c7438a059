-- Totals per month, source and currency (the month, YYYY-MM), as
-- rt-aggregate -g month,source writes them: count is the completed records
-- that touch the month, the sums are minor units of the currency, a spanning
-- record counts pro rata (the view revenue_days), and pending amounts are
-- apart.  Currencies are never added together.
--
--	psql -X --csv -f totals-month.sql postgresql:///ledger
SELECT to_char(day, 'YYYY-MM') AS month, source, currency,
	count(DISTINCT id) FILTER (WHERE status = 'completed') AS count,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'sale'), 0)::bigint AS gross_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'refund'), 0)::bigint AS refunds_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'fee'), 0)::bigint AS fees_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'chargeback'), 0)::bigint AS chargebacks_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'adjustment'), 0)::bigint AS adjustments_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::bigint AS net_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0)::bigint AS pending_minor
FROM revenue_days
GROUP BY 1, 2, 3
ORDER BY 1, source COLLATE "C", currency COLLATE "C";
