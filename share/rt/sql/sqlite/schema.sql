-- The rt ledger in SQLite, schema version 1 (SPEC section 7a).
-- rt-load creates it in a new ledger, inside the transaction of the first
-- load; PRAGMA user_version holds the version, and an rt-load that finds an
-- older one applies migrate-N.sql (N to N+1) in turn.
--
-- Dates are 'YYYY-MM-DD' text, instants 'YYYY-MM-DDTHH:MM:SSZ' text (UTC), so
-- both compare as text; money is INTEGER minor units of the row's currency.

-- One row per record id: the latest version a delivery brought.
-- first_seen: the load that first held the id; last_seen: the latest load
-- that held it; retracted_at: set when a replacement (rt-load --replace)
-- no longer held it, cleared when it is delivered again.  A retracted row
-- counts nowhere.
CREATE TABLE revenue_events (
	id TEXT NOT NULL PRIMARY KEY,
	source TEXT NOT NULL,
	date TEXT NOT NULL,
	end_date TEXT,
	amount_minor INTEGER NOT NULL,
	currency TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'fee', 'chargeback', 'adjustment')),
	status TEXT NOT NULL CHECK (status IN ('completed', 'pending', 'reversed')),
	client TEXT,
	description TEXT,
	ts TEXT,
	ref TEXT,
	entity TEXT,
	raw TEXT,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	retracted_at TEXT
);
CREATE INDEX revenue_events_source_date ON revenue_events (source, date);

-- Every load: when, what it replaced, and what it did.
CREATE TABLE revenue_loads (
	load_id INTEGER PRIMARY KEY,
	loaded_at TEXT NOT NULL,
	replace_source TEXT,
	since TEXT,
	until TEXT,
	records INTEGER NOT NULL DEFAULT 0,
	inserted INTEGER NOT NULL DEFAULT 0,
	changed INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	restored INTEGER NOT NULL DEFAULT 0,
	retracted INTEGER NOT NULL DEFAULT 0
);

-- The earlier versions: each row is a version of a record as it stood until
-- changed_at, when load load_id changed it ('changed'), retracted it
-- ('retracted') or delivered it again after a retraction ('restored').
-- "What changed and when" is SELECT * FROM revenue_history WHERE id = ...
CREATE TABLE revenue_history (
	id TEXT NOT NULL,
	source TEXT NOT NULL,
	date TEXT NOT NULL,
	end_date TEXT,
	amount_minor INTEGER NOT NULL,
	currency TEXT NOT NULL,
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	client TEXT,
	description TEXT,
	ts TEXT,
	ref TEXT,
	entity TEXT,
	raw TEXT,
	first_seen TEXT NOT NULL,
	last_seen TEXT NOT NULL,
	retracted_at TEXT,
	changed_at TEXT NOT NULL,
	change TEXT NOT NULL CHECK (change IN ('changed', 'retracted', 'restored')),
	load_id INTEGER NOT NULL REFERENCES revenue_loads (load_id)
);
CREATE INDEX revenue_history_id ON revenue_history (id, changed_at);
CREATE INDEX revenue_history_load ON revenue_history (load_id);

-- Alerts that rt-alert fired; firing one again with the same id replaces it.
-- value and expected are integers (minor units for money).
CREATE TABLE revenue_alerts (
	id TEXT NOT NULL PRIMARY KEY,
	rule TEXT NOT NULL,
	severity TEXT NOT NULL,
	source TEXT,
	date TEXT,
	value INTEGER,
	expected INTEGER,
	message TEXT NOT NULL,
	fired_at TEXT NOT NULL
);
CREATE INDEX revenue_alerts_fired ON revenue_alerts (fired_at);

-- Each current record's share of each day it covers: its whole amount on
-- its date, or, for a record with an end_date, spread over its days pro
-- rata, in integers, the remainder on its last day (SPEC section 3), as
-- rt-aggregate spreads it.  Reversed and retracted records are left out.
CREATE VIEW revenue_days AS
WITH RECURSIVE
live AS (
	SELECT id, source, date, end_date, amount_minor, currency, kind, status
	FROM revenue_events
	WHERE retracted_at IS NULL AND status <> 'reversed'
),
spread (id, day, i, n) AS (
	SELECT id, date, 0, CAST(julianday(end_date) - julianday(date) AS INTEGER) + 1
	FROM live WHERE end_date > date
	UNION ALL
	SELECT id, date(day, '+1 day'), i + 1, n FROM spread WHERE i + 1 < n
)
SELECT id, date AS day, source, currency, kind, status, amount_minor AS amount
FROM live WHERE end_date IS NULL OR end_date <= date
UNION ALL
SELECT l.id, s.day, l.source, l.currency, l.kind, l.status,
	l.amount_minor / s.n
	+ CASE WHEN s.i = s.n - 1 THEN l.amount_minor - (l.amount_minor / s.n) * s.n ELSE 0 END
FROM spread AS s JOIN live AS l ON l.id = s.id;

-- Daily totals per source, currency and kind, as rt-aggregate counts them
-- (SPEC section 2): completed records in count and the sums, pending ones in
-- pending_minor, reversed and retracted ones nowhere.
CREATE VIEW revenue_summaries AS
SELECT day, source, currency, kind,
	sum(status = 'completed') AS count,
	sum(CASE WHEN status = 'completed' AND kind = 'sale' THEN amount ELSE 0 END) AS gross_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'refund' THEN amount ELSE 0 END) AS refunds_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'fee' THEN amount ELSE 0 END) AS fees_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'chargeback' THEN amount ELSE 0 END) AS chargebacks_minor,
	sum(CASE WHEN status = 'completed' AND kind = 'adjustment' THEN amount ELSE 0 END) AS adjustments_minor,
	sum(CASE WHEN status = 'completed' THEN amount ELSE 0 END) AS net_minor,
	sum(CASE WHEN status = 'pending' THEN amount ELSE 0 END) AS pending_minor
FROM revenue_days
GROUP BY day, source, currency, kind;

PRAGMA user_version = 1;
