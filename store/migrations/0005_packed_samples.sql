-- 0005: sample columns become packed (codec 1, see store/samples.go): each
-- column BLOB holds exact integers on the column's own scale (whole
-- seconds, semicircles, centimetres, decimals), delta-coded as varints,
-- about a quarter of the float layout's size. Rows written before keep
-- their float layout and say so with codec 0.
--
-- The samples view decoded the float layout in plain SQL and cannot decode
-- varints, so it goes: 'backtrack sessions samples ID' writes any session's
-- samples as CSV or JSON. The length checks of codec 0 go with the old
-- table; the reader checks every BLOB instead.
DROP VIEW IF EXISTS samples;

CREATE TABLE session_samples_new (
	session_id  INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	n           INTEGER NOT NULL CHECK (n > 0),
	codec       INTEGER NOT NULL CHECK (codec IN (0, 1)),
	t_s         BLOB,
	lat_deg     BLOB,
	lon_deg     BLOB,
	alt_m       BLOB,
	dist_m      BLOB,
	speed_mps   BLOB,
	hr_bpm      BLOB,
	cadence_spm BLOB,
	power_w     BLOB
);

INSERT INTO session_samples_new (session_id, n, codec, t_s, lat_deg, lon_deg, alt_m, dist_m,
	speed_mps, hr_bpm, cadence_spm, power_w)
SELECT session_id, n, 0, t_s, lat_deg, lon_deg, alt_m, dist_m, speed_mps, hr_bpm, cadence_spm, power_w
FROM session_samples;

DROP TABLE session_samples;
ALTER TABLE session_samples_new RENAME TO session_samples;

-- Two indexes no query needs at a few thousand sessions (a scan takes a
-- millisecond) cost every import a B-tree insert and a page write each.
DROP INDEX sessions_local_date;
DROP INDEX sessions_sport;
