-- A measurement of a label SEG series an annotator asks for (PUT …/body-composition/l3 with
-- segSeriesUID) in a study never measured before has no source series until the SEG is read: its
-- Referenced Series Sequence names the CT series (MeasurementExecutor.sourceSeries). Set when it succeeds.
ALTER TABLE measurement ALTER COLUMN source_series_uid DROP NOT NULL;
