-- 0006: lossless merges, what the user wrote, corrections (issue 12).
--
-- A session now says what its files said beyond the numbers: the notes the
-- user wrote (a description, a private note, a lifting app's workout notes),
-- the perceived effort (rpe, 0-10) and feel (0-100) a watch asked for, where
-- its sport came from (sport_origin: '' the file, 'inferred', 'user'),
-- whether its times are local wall-clock times from a file without an
-- offset (wall_clock), whether it was typed into an app (logged), and how
-- many recordings it merges (n_recordings).
ALTER TABLE sessions ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN rpe REAL;
ALTER TABLE sessions ADD COLUMN feel REAL;
ALTER TABLE sessions ADD COLUMN sport_origin TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN wall_clock INTEGER NOT NULL DEFAULT 0 CHECK (wall_clock IN (0, 1));
ALTER TABLE sessions ADD COLUMN logged INTEGER NOT NULL DEFAULT 0 CHECK (logged IN (0, 1));
ALTER TABLE sessions ADD COLUMN n_recordings INTEGER NOT NULL DEFAULT 1;

-- recordings: every file's own recording of a session that merges two or
-- more (the watch's FIT and Strava's GPX of one run), kept whole so that the
-- session can be composed again, by the same rule, whenever another
-- recording of it arrives: nothing a file held is lost, and the result does
-- not depend on the order files arrive in. A session of one recording has
-- no row here (the session is its recording). The columns are those of
-- sessions; laps and sets are JSON arrays; the samples are BLOBs in
-- session_samples' codec.
CREATE TABLE recordings (
	id              INTEGER PRIMARY KEY,
	session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	source_id       INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	idx             INTEGER NOT NULL,        -- position in the source file, from 0
	sport           TEXT    NOT NULL,
	sub_sport       TEXT    NOT NULL DEFAULT '',
	sport_origin    TEXT    NOT NULL DEFAULT '',
	start_utc       INTEGER NOT NULL,        -- unix milliseconds
	offset_s        INTEGER NOT NULL,
	offset_origin   TEXT    NOT NULL DEFAULT '',
	time_assumed    INTEGER NOT NULL DEFAULT 0,
	wall_clock      INTEGER NOT NULL DEFAULT 0,
	logged          INTEGER NOT NULL DEFAULT 0,
	elapsed_s       REAL,
	timer_s         REAL,
	distance_m      REAL,
	ascent_m        REAL,
	descent_m       REAL,
	avg_hr          REAL,
	avg_cadence_spm REAL,
	device          TEXT    NOT NULL DEFAULT '',
	name            TEXT    NOT NULL DEFAULT '',
	notes           TEXT    NOT NULL DEFAULT '',
	rpe             REAL,
	feel            REAL,
	laps            TEXT    NOT NULL DEFAULT '[]',
	sets            TEXT    NOT NULL DEFAULT '[]',
	n_samples       INTEGER NOT NULL DEFAULT 0,
	codec           INTEGER NOT NULL DEFAULT 1,
	t_s             BLOB,
	lat_deg         BLOB,
	lon_deg         BLOB,
	alt_m           BLOB,
	dist_m          BLOB,
	speed_mps       BLOB,
	hr_bpm          BLOB,
	cadence_spm     BLOB,
	power_w         BLOB,
	UNIQUE (source_id, idx)
);
CREATE INDEX recordings_session ON recordings (session_id);
CREATE INDEX recordings_start ON recordings (start_utc);

-- corrections: what the user set with 'backtrack sessions edit' (a sport, a
-- time zone), keyed on the recording (its file's SHA-256 and its index in
-- the file), not on the session ID, so that a correction survives the file
-- being imported again and the session being composed again.
CREATE TABLE corrections (
	sha256 TEXT    NOT NULL CHECK (length(sha256) = 64),
	idx    INTEGER NOT NULL,
	sport  TEXT    NOT NULL DEFAULT '',      -- '' leaves the file's sport
	tz     TEXT    NOT NULL DEFAULT '',      -- IANA zone, '' leaves the file's
	set_at TEXT    NOT NULL,                 -- RFC 3339, UTC
	PRIMARY KEY (sha256, idx)
) WITHOUT ROWID;
