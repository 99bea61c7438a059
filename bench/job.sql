-- The rt job in sqlite3; bench/run runs it from the top of the tree.
-- Each line is imported whole (no line holds \037), the first record of each id
-- kept in input order by INSERT OR IGNORE, then totals as rt-aggregate makes them.
.mode ascii
.separator "\037" "\n"
CREATE TABLE raw(line TEXT);
.import bench/out/records.ndjson raw
CREATE TABLE r(id TEXT PRIMARY KEY, source TEXT, date TEXT, amount_minor INTEGER,
    currency TEXT, kind TEXT, status TEXT);
INSERT OR IGNORE INTO r
    SELECT json_extract(line, '$.id'), json_extract(line, '$.source'),
        json_extract(line, '$.date'), json_extract(line, '$.amount_minor'),
        json_extract(line, '$.currency'), json_extract(line, '$.kind'),
        json_extract(line, '$.status')
    FROM raw ORDER BY rowid;
.mode tabs
SELECT substr(date, 1, 7), source, currency,
    sum(status = 'completed'),
    sum(CASE WHEN status = 'completed' AND kind = 'sale' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'completed' AND kind = 'refund' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'completed' AND kind = 'fee' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'completed' AND kind = 'chargeback' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'completed' AND kind = 'adjustment' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'completed' THEN amount_minor ELSE 0 END),
    sum(CASE WHEN status = 'pending' THEN amount_minor ELSE 0 END)
FROM r WHERE status IN ('completed', 'pending')
GROUP BY 1, 2, 3;
