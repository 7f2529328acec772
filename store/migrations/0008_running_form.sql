-- 0008: running form (issue 17).
--
-- Samples gain the running dynamics a watch's FIT records carry (ground
-- contact time, its left/right balance, vertical oscillation and ratio,
-- step length) and Stryd's developer fields in Stryd's own units, one BLOB
-- per column in codec 1 like the others (store/samples.go); NULL when the
-- session recorded none of it. Recordings kept for merges gain the same.
ALTER TABLE session_samples ADD COLUMN ground_contact_ms BLOB;
ALTER TABLE session_samples ADD COLUMN gct_balance_left_pct BLOB;
ALTER TABLE session_samples ADD COLUMN vertical_oscillation_mm BLOB;
ALTER TABLE session_samples ADD COLUMN vertical_ratio_pct BLOB;
ALTER TABLE session_samples ADD COLUMN step_length_mm BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_power_w BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_form_power_w BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_air_power_w BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_lss_kn_m BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_ground_time_ms BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_vertical_oscillation_cm BLOB;
ALTER TABLE session_samples ADD COLUMN stryd_ilr_bw_s BLOB;

ALTER TABLE recordings ADD COLUMN ground_contact_ms BLOB;
ALTER TABLE recordings ADD COLUMN gct_balance_left_pct BLOB;
ALTER TABLE recordings ADD COLUMN vertical_oscillation_mm BLOB;
ALTER TABLE recordings ADD COLUMN vertical_ratio_pct BLOB;
ALTER TABLE recordings ADD COLUMN step_length_mm BLOB;
ALTER TABLE recordings ADD COLUMN stryd_power_w BLOB;
ALTER TABLE recordings ADD COLUMN stryd_form_power_w BLOB;
ALTER TABLE recordings ADD COLUMN stryd_air_power_w BLOB;
ALTER TABLE recordings ADD COLUMN stryd_lss_kn_m BLOB;
ALTER TABLE recordings ADD COLUMN stryd_ground_time_ms BLOB;
ALTER TABLE recordings ADD COLUMN stryd_vertical_oscillation_cm BLOB;
ALTER TABLE recordings ADD COLUMN stryd_ilr_bw_s BLOB;

-- The recording device: maker and model in FIT's words (the creator
-- device's own product, which a fēnix 3 gets right where its file header
-- says fr920xt), its serial number (NULL: none given) and what measured the
-- running dynamics ('' none, 'wrist', or the sensor's words). The device
-- column keeps the file header's words, as before.
ALTER TABLE sessions ADD COLUMN device_manufacturer TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN device_product TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN device_serial INTEGER;
ALTER TABLE sessions ADD COLUMN form_sensor TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN device_manufacturer TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN device_product TEXT NOT NULL DEFAULT '';
ALTER TABLE recordings ADD COLUMN device_serial INTEGER;
ALTER TABLE recordings ADD COLUMN form_sensor TEXT NOT NULL DEFAULT '';

-- A run's late-run form drift (analysis.Form): per measure the medians over
-- 10-50% and the final 25% of moving time, and the late value the early
-- part's regression on speed and grade expects (docs/definitions.md, "Form
-- drift"); the spans' median grades in percent.
ALTER TABLE session_metrics ADD COLUMN gct_early_ms REAL;
ALTER TABLE session_metrics ADD COLUMN gct_late_ms REAL;
ALTER TABLE session_metrics ADD COLUMN gct_late_expected_ms REAL;
ALTER TABLE session_metrics ADD COLUMN balance_early_pct REAL;
ALTER TABLE session_metrics ADD COLUMN balance_late_pct REAL;
ALTER TABLE session_metrics ADD COLUMN balance_late_expected_pct REAL;
ALTER TABLE session_metrics ADD COLUMN vo_early_mm REAL;
ALTER TABLE session_metrics ADD COLUMN vo_late_mm REAL;
ALTER TABLE session_metrics ADD COLUMN vo_late_expected_mm REAL;
ALTER TABLE session_metrics ADD COLUMN step_early_mm REAL;
ALTER TABLE session_metrics ADD COLUMN step_late_mm REAL;
ALTER TABLE session_metrics ADD COLUMN step_late_expected_mm REAL;
ALTER TABLE session_metrics ADD COLUMN power_early_w REAL;
ALTER TABLE session_metrics ADD COLUMN power_late_w REAL;
ALTER TABLE session_metrics ADD COLUMN power_late_expected_w REAL;
ALTER TABLE session_metrics ADD COLUMN grade_early_pct REAL;
ALTER TABLE session_metrics ADD COLUMN grade_late_pct REAL;
-- The run's form flags under the settings (NULL: unknown) and the balance
-- baseline of its device (the median early balance of the runner's runs on
-- it).
ALTER TABLE session_metrics ADD COLUMN form_drift INTEGER CHECK (form_drift IN (0, 1));
ALTER TABLE session_metrics ADD COLUMN balance_shift INTEGER CHECK (balance_shift IN (0, 1));
ALTER TABLE session_metrics ADD COLUMN balance_baseline_pct REAL;
