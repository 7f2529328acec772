-- 0003: the pain log. A pain event has a local date, an optional local time
-- ('' when the user gave none), the IANA zone both are in, and, when it has a
-- time, its UTC instant (unix milliseconds; the first one when the local
-- time happened twice in a daylight-saving overlap). Two events with the same
-- date, time, zone, severity, location and note are the same event: a
-- re-import of a pain CSV adds nothing. AUTOINCREMENT keeps the ID of a
-- removed event from being given to the next one.
CREATE TABLE pain_events (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	local_date TEXT    NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
	local_time TEXT    NOT NULL DEFAULT '' CHECK (local_time = '' OR local_time GLOB '[0-2][0-9]:[0-5][0-9]'),
	tz         TEXT    NOT NULL CHECK (tz <> ''),
	utc_ms     INTEGER CHECK ((utc_ms IS NULL) = (local_time = '')),
	severity   INTEGER NOT NULL CHECK (typeof(severity) = 'integer' AND severity BETWEEN 0 AND 10),
	location   TEXT    NOT NULL CHECK (location <> ''),
	note       TEXT    NOT NULL DEFAULT '',
	created_at TEXT    NOT NULL,             -- RFC 3339, UTC
	-- Readable form for the sqlite3 shell, computed on read.
	utc_text   TEXT GENERATED ALWAYS AS (strftime('%Y-%m-%dT%H:%M:%SZ', utc_ms / 1000, 'unixepoch')) VIRTUAL,
	UNIQUE (local_date, local_time, tz, severity, location, note)
);
CREATE INDEX pain_events_utc ON pain_events (utc_ms);
