-- Body-composition measurements: one row per computation of a study (the queue and its outcome).
-- Each successful one is a new version with its own SR; earlier versions stay listed.
CREATE TABLE measurement (
    id                 UUID PRIMARY KEY,
    study_uid          TEXT        NOT NULL,
    trigger            TEXT        NOT NULL,   -- inference, labels, anthropometrics, l3, recompute
    trigger_key        TEXT        UNIQUE,     -- the inference job, or the label SEG series and its size (a replay is a no-op)
    source_series_uid  TEXT        NOT NULL,
    seg_series_uid     TEXT        NOT NULL,
    seg_sop_uid        TEXT,                   -- NULL until read for a label SEG series (its latest instance)
    l3_sop_uid         TEXT,
    l3_source          TEXT,                   -- model, annotator
    demo               BOOLEAN     NOT NULL DEFAULT false,
    model              TEXT,                   -- model id and version of the masks
    status             TEXT        NOT NULL,   -- QUEUED, RUNNING, SUCCEEDED, FAILED
    reason             TEXT,
    attempts           INTEGER     NOT NULL DEFAULT 0,
    not_before         TIMESTAMPTZ NOT NULL DEFAULT now(),
    version            INTEGER,                -- set when it succeeds
    result             TEXT,                   -- the result, JSON
    png                BYTEA,                  -- the picture of the labelled slice
    sr_series_uid      TEXT,
    sr_sop_uid         TEXT,
    requested_by       TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at        TIMESTAMPTZ
);
CREATE INDEX measurement_study ON measurement (study_uid);
CREATE INDEX measurement_due ON measurement (not_before) WHERE status = 'QUEUED';
CREATE INDEX measurement_finished ON measurement (finished_at) WHERE status = 'SUCCEEDED';

-- Height and weight entered by a person when the study's tags lack them (or are wrong): kept with
-- who and when; the latest entry of a study is used.
CREATE TABLE anthropometrics (
    id          UUID PRIMARY KEY,
    study_uid   TEXT        NOT NULL,
    height_m    DOUBLE PRECISION,
    weight_kg   DOUBLE PRECISION,
    entered_by  TEXT        NOT NULL,
    entered_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX anthropometrics_study ON anthropometrics (study_uid, entered_at);

-- Transactional outbox for quantification events (written with the measurement's end).
CREATE TABLE outbox (
    id            UUID PRIMARY KEY,
    event_type    TEXT        NOT NULL,
    event_key     TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
