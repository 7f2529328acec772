-- 0007: the unit a lifting export's weights were read in (issue 12).
--
-- Strong's plain Weight column does not say kg or lb: its weights are read
-- in the unit the import assumed (--weight-unit, else the lift_weight_unit
-- setting, else kg). Each source keeps that unit and where it came from, so
-- that a later import of the same bytes under another assumed unit reads
-- the file again and replaces its sets, instead of being a duplicate that
-- leaves pounds stored as kilograms for ever.
--
-- weight_unit: 'kg' or 'lb' ('kg and lb' for a file that named both per
-- row); where the file said some weights' unit and not others', the unit
-- assumed for the others. weight_unit_from: 'column' (a per-row unit
-- column) or 'header' (the weight column's name) when the file said it;
-- 'flag', 'setting' or 'default' when it was assumed. Both '' for a file
-- without weights, and for every file imported before this version (whose
-- unit is unknown: never read again).
ALTER TABLE sources ADD COLUMN weight_unit TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN weight_unit_from TEXT NOT NULL DEFAULT ''
	CHECK (weight_unit_from IN ('', 'column', 'header', 'flag', 'setting', 'default'));
