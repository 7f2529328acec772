-- 0001: the first schema. Times are unix milliseconds (UTC) in INTEGER
-- columns; a missing measurement is NULL (the Go side's NaN); text columns
-- that may be absent hold ''. Every child row goes when its session goes
-- (ON DELETE CASCADE), and every session when its source goes.

-- meta holds settings and facts about the database (key/value text).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- sources: one row per imported file, unique on the SHA-256 of its bytes.
CREATE TABLE sources (
	id          INTEGER PRIMARY KEY,
	sha256      TEXT    NOT NULL UNIQUE CHECK (length(sha256) = 64),
	path        TEXT    NOT NULL,            -- archive levels joined with ' › '
	format      TEXT    NOT NULL CHECK (format <> ''),  -- fit, gpx, tcx, csv
	size        INTEGER NOT NULL CHECK (size >= 0),     -- bytes
	status      TEXT    NOT NULL CHECK (status IN ('ok', 'partial', 'crc_unverified')),
	damage      TEXT    NOT NULL DEFAULT '', -- plain words, for partial sources
	imported_at TEXT    NOT NULL             -- RFC 3339, UTC
);

-- skipped_sources: files seen and deliberately not imported (not an
-- activity, a route without times), so that the next import of the same
-- export costs only the hash.
CREATE TABLE skipped_sources (
	sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	path    TEXT NOT NULL,
	reason  TEXT NOT NULL,
	seen_at TEXT NOT NULL                    -- RFC 3339, UTC
) WITHOUT ROWID;

-- sessions: one activity each.
CREATE TABLE sessions (
	id              INTEGER PRIMARY KEY,
	source_id       INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	idx             INTEGER NOT NULL,        -- position in the source file, from 0
	sport           TEXT    NOT NULL CHECK (sport IN ('running', 'cycling', 'walking', 'hiking', 'swimming', 'strength', 'other')),
	sub_sport       TEXT    NOT NULL DEFAULT '',
	start_utc       INTEGER NOT NULL,        -- unix milliseconds
	offset_s        INTEGER NOT NULL,        -- local offset, seconds east of UTC
	offset_origin   TEXT    NOT NULL DEFAULT '', -- device, zone, index
	time_assumed    INTEGER NOT NULL DEFAULT 0 CHECK (time_assumed IN (0, 1)),
	local_date      TEXT    NOT NULL,        -- YYYY-MM-DD at the local offset
	elapsed_s       REAL,                    -- wall clock, pauses included
	timer_s         REAL,                    -- pauses excluded
	distance_m      REAL,
	ascent_m        REAL,
	descent_m       REAL,
	avg_hr          REAL,                    -- beats/min
	avg_cadence_spm REAL,                    -- steps/min (rpm for cycling)
	device          TEXT    NOT NULL DEFAULT '',
	name            TEXT    NOT NULL DEFAULT '',
	n_laps          INTEGER NOT NULL DEFAULT 0,
	n_sets          INTEGER NOT NULL DEFAULT 0,
	n_samples       INTEGER NOT NULL DEFAULT 0,
	-- Readable forms for the sqlite3 shell, computed on read.
	start_utc_text   TEXT GENERATED ALWAYS AS (strftime('%Y-%m-%dT%H:%M:%fZ', start_utc / 1000.0, 'unixepoch')) VIRTUAL,
	start_local_text TEXT GENERATED ALWAYS AS (strftime('%Y-%m-%dT%H:%M:%f', start_utc / 1000.0 + offset_s, 'unixepoch')) VIRTUAL,
	UNIQUE (source_id, idx)
);
CREATE INDEX sessions_start_utc ON sessions (start_utc);
CREATE INDEX sessions_local_date ON sessions (local_date);
CREATE INDEX sessions_sport ON sessions (sport, start_utc);

-- laps of a session, in time order.
CREATE TABLE laps (
	session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	idx             INTEGER NOT NULL,
	start_utc       INTEGER NOT NULL,        -- unix milliseconds
	elapsed_s       REAL,
	timer_s         REAL,
	distance_m      REAL,
	ascent_m        REAL,
	descent_m       REAL,
	avg_hr          REAL,
	avg_cadence_spm REAL,
	PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;

-- sets: the active strength sets of a session, in time order.
CREATE TABLE sets (
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	idx        INTEGER NOT NULL,
	start_utc  INTEGER NOT NULL,             -- unix milliseconds
	duration_s REAL,
	category   TEXT    NOT NULL,             -- FIT exercise_category word
	exercise   TEXT    NOT NULL,
	reps       INTEGER CHECK (reps >= 0),    -- NULL: not recorded
	weight_kg  REAL,                         -- NULL: bodyweight or not recorded
	PRIMARY KEY (session_id, idx)
) WITHOUT ROWID;
CREATE INDEX sets_category ON sets (category);

-- session_samples: a session's time series, one BLOB per column, n values
-- each: little-endian IEEE 754 float64 for t_s, lat_deg and lon_deg,
-- float32 for the others; NaN marks a missing value; a NULL BLOB means the
-- whole column is missing. Sessions without samples have no row.
CREATE TABLE session_samples (
	session_id  INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	n           INTEGER NOT NULL CHECK (n > 0),
	t_s         BLOB CHECK (t_s IS NULL OR length(t_s) = 8 * n),
	lat_deg     BLOB CHECK (lat_deg IS NULL OR length(lat_deg) = 8 * n),
	lon_deg     BLOB CHECK (lon_deg IS NULL OR length(lon_deg) = 8 * n),
	alt_m       BLOB CHECK (alt_m IS NULL OR length(alt_m) = 4 * n),
	dist_m      BLOB CHECK (dist_m IS NULL OR length(dist_m) = 4 * n),
	speed_mps   BLOB CHECK (speed_mps IS NULL OR length(speed_mps) = 4 * n),
	hr_bpm      BLOB CHECK (hr_bpm IS NULL OR length(hr_bpm) = 4 * n),
	cadence_spm BLOB CHECK (cadence_spm IS NULL OR length(cadence_spm) = 4 * n),
	power_w     BLOB CHECK (power_w IS NULL OR length(power_w) = 4 * n)
);

-- session_links: another source's copy of a session (the same run from the
-- watch's FIT and from Strava's GPX), kept rather than imported twice.
CREATE TABLE session_links (
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	role       TEXT    NOT NULL,             -- e.g. duplicate
	note       TEXT    NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, source_id)
) WITHOUT ROWID;
CREATE INDEX session_links_source ON session_links (source_id);
