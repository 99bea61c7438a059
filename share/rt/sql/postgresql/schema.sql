-- The rt ledger in PostgreSQL, schema version 1 (SPEC section 7a).
-- rt-load creates it in a database that has none, inside the transaction of
-- the first load and under its lock; rt_schema holds the version, and an
-- rt-load that finds an older one applies migrate-N.sql (N to N+1) in turn.
-- The tables are the SQLite ledger's (share/rt/sql/sqlite/schema.sql), with
-- PostgreSQL's types: date, bigint minor units, timestamptz instants.
-- raw is the record's raw object as JSON text, kept byte for byte (cast it
-- to jsonb to query it).

CREATE TABLE rt_schema (
	version integer NOT NULL
);
INSERT INTO rt_schema (version) VALUES (1);

-- One row per record id: the latest version a delivery brought.
-- first_seen: the load that first held the id; last_seen: the latest load
-- that held it; retracted_at: set when a replacement (rt-load --replace)
-- no longer held it, cleared when it is delivered again.  A retracted row
-- counts nowhere.
CREATE TABLE revenue_events (
	id text NOT NULL PRIMARY KEY,
	source text NOT NULL,
	date date NOT NULL,
	end_date date,
	amount_minor bigint NOT NULL,
	currency text NOT NULL,
	kind text NOT NULL CHECK (kind IN ('sale', 'refund', 'fee', 'chargeback', 'adjustment')),
	status text NOT NULL CHECK (status IN ('completed', 'pending', 'reversed')),
	client text,
	description text,
	ts text,
	ref text,
	entity text,
	raw text,
	first_seen timestamptz NOT NULL,
	last_seen timestamptz NOT NULL,
	retracted_at timestamptz
);
CREATE INDEX revenue_events_source_date ON revenue_events (source, date);

-- Every load: when, what it replaced, and what it did.
CREATE TABLE revenue_loads (
	load_id bigserial PRIMARY KEY,
	loaded_at timestamptz NOT NULL,
	replace_source text,
	since date,
	until date,
	records bigint NOT NULL DEFAULT 0,
	inserted bigint NOT NULL DEFAULT 0,
	changed bigint NOT NULL DEFAULT 0,
	unchanged bigint NOT NULL DEFAULT 0,
	restored bigint NOT NULL DEFAULT 0,
	retracted bigint NOT NULL DEFAULT 0
);

-- The earlier versions: each row is a version of a record as it stood until
-- changed_at, when load load_id changed it ('changed'), retracted it
-- ('retracted') or delivered it again after a retraction ('restored').
CREATE TABLE revenue_history (
	id text NOT NULL,
	source text NOT NULL,
	date date NOT NULL,
	end_date date,
	amount_minor bigint NOT NULL,
	currency text NOT NULL,
	kind text NOT NULL,
	status text NOT NULL,
	client text,
	description text,
	ts text,
	ref text,
	entity text,
	raw text,
	first_seen timestamptz NOT NULL,
	last_seen timestamptz NOT NULL,
	retracted_at timestamptz,
	changed_at timestamptz NOT NULL,
	change text NOT NULL CHECK (change IN ('changed', 'retracted', 'restored')),
	load_id bigint NOT NULL REFERENCES revenue_loads (load_id)
);
CREATE INDEX revenue_history_id ON revenue_history (id, changed_at);
CREATE INDEX revenue_history_load ON revenue_history (load_id);

-- Alerts that rt-alert fired; firing one again with the same id replaces it.
-- value and expected are integers (minor units for money).
CREATE TABLE revenue_alerts (
	id text NOT NULL PRIMARY KEY,
	rule text NOT NULL,
	severity text NOT NULL,
	source text,
	date date,
	value bigint,
	expected bigint,
	message text NOT NULL,
	fired_at timestamptz NOT NULL
);
CREATE INDEX revenue_alerts_fired ON revenue_alerts (fired_at);

-- Each current record's share of each day it covers: its whole amount on
-- its date, or, for a record with an end_date, spread over its days pro
-- rata, in integers, the remainder on its last day (SPEC section 3), as
-- rt-aggregate spreads it.  Reversed and retracted records are left out.
CREATE VIEW revenue_days AS
WITH live AS (
	SELECT id, source, date, end_date, amount_minor, currency, kind, status
	FROM revenue_events
	WHERE retracted_at IS NULL AND status <> 'reversed'
)
SELECT id, date AS day, source, currency, kind, status, amount_minor AS amount
FROM live WHERE end_date IS NULL OR end_date <= date
UNION ALL
SELECT l.id, l.date + g.i, l.source, l.currency, l.kind, l.status,
	l.amount_minor / k.n
	+ CASE WHEN g.i = k.n - 1 THEN l.amount_minor - (l.amount_minor / k.n) * k.n ELSE 0 END
FROM live AS l
CROSS JOIN LATERAL (SELECT (l.end_date - l.date) + 1 AS n) AS k
CROSS JOIN LATERAL generate_series(0, k.n - 1) AS g (i)
WHERE l.end_date > l.date;

-- Daily totals per source, currency and kind, as rt-aggregate counts them
-- (SPEC section 2): completed records in count and the sums, pending ones in
-- pending_minor, reversed and retracted ones nowhere.
CREATE VIEW revenue_summaries AS
SELECT day, source, currency, kind,
	count(*) FILTER (WHERE status = 'completed') AS count,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'sale'), 0)::bigint AS gross_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'refund'), 0)::bigint AS refunds_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'fee'), 0)::bigint AS fees_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'chargeback'), 0)::bigint AS chargebacks_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed' AND kind = 'adjustment'), 0)::bigint AS adjustments_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'completed'), 0)::bigint AS net_minor,
	coalesce(sum(amount) FILTER (WHERE status = 'pending'), 0)::bigint AS pending_minor
FROM revenue_days
GROUP BY day, source, currency, kind;
