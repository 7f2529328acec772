-- 0004: the metrics the analysis computes per session (backtrack analyze,
-- and after every import). A missing or unknown value is NULL. Settings the
-- user tunes (backtrack config set) live in meta under 'config.<key>'.
--
-- A row is current when version is the analysis's MetricsVersion and, for a
-- run, params are the sample settings in use (e.g. 'hysteresis_m=3'); a
-- run's exposures are current when exposed_with is the fingerprint of the
-- settings in use. A session without a row has never been analysed.
CREATE TABLE session_metrics (
	session_id             INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	version                INTEGER NOT NULL,
	params                 TEXT    NOT NULL DEFAULT '',
	computed_at            TEXT    NOT NULL,        -- RFC 3339, UTC
	-- Runs: hills, from the smoothed altitude.
	altitude_source        TEXT    NOT NULL DEFAULT '' CHECK (altitude_source IN ('', 'barometric', 'gps')),
	altitude_noise_m       REAL,                    -- estimated σ of the raw altitude
	ascent_m               REAL,
	descent_m              REAL,
	climb_per_km           REAL,                    -- metres per km
	grade5_up_share        REAL,                    -- share of distance at grade >= 5% up, 0-1
	grade5_down_share      REAL,                    -- the same downhill
	-- Runs: cadence drift, final 25% of moving time against 10-50%.
	moving_s               REAL,
	cadence_early_spm      REAL,
	cadence_late_spm       REAL,
	cadence_drift_pct      REAL,                    -- negative: the cadence fell
	speed_early_mps        REAL,
	speed_late_mps         REAL,
	speed_change_pct       REAL,
	-- Strength sessions (NULL for others).
	strength_sets          INTEGER,
	strength_reps          INTEGER,
	volume_kg              REAL,                    -- reps x kg
	deadlift_sets          INTEGER,
	deadlift_volume_kg     REAL,
	-- Runs: what came before (NULL until computed; 0/1 for the flags).
	exposed_with           TEXT    NOT NULL DEFAULT '', -- settings fingerprint, '' = out of date
	deadlift_48h           INTEGER CHECK (deadlift_48h IN (0, 1)),
	strength_48h           INTEGER CHECK (strength_48h IN (0, 1)),
	deadlift_14d           INTEGER CHECK (deadlift_14d IN (0, 1)),
	hours_since_strength   REAL,
	hours_since_deadlift   REAL,
	deadlift_volume_72h_kg REAL,
	deadlift_volume_7d_kg  REAL,
	hilly                  INTEGER CHECK (hilly IN (0, 1)),
	cadence_drift          INTEGER CHECK (cadence_drift IN (0, 1))
);

-- A session replaced by a richer recording of the same activity, given
-- other sets or another sport must be analysed again; when it was a strength
-- session, every run's exposures are out of date too.
CREATE TRIGGER session_metrics_on_update
AFTER UPDATE OF source_id, sport, sub_sport, start_utc, n_samples, n_sets ON sessions
BEGIN
	DELETE FROM session_metrics WHERE session_id = NEW.id;
	UPDATE session_metrics SET exposed_with = ''
		WHERE OLD.sport = 'strength' OR OLD.n_sets > 0 OR NEW.sport = 'strength' OR NEW.n_sets > 0;
END;

-- A strength session that goes changes every later run's exposures.
CREATE TRIGGER session_metrics_on_delete
AFTER DELETE ON sessions WHEN OLD.sport = 'strength' OR OLD.n_sets > 0
BEGIN
	UPDATE session_metrics SET exposed_with = '';
END;
