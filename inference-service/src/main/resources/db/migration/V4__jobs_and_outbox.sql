-- Inference jobs: one row per (study version, pipeline, model version, series), or one SKIPPED row
-- per study version that no pipeline applies to. The job key makes a redelivered or replayed study
-- event a no-op; the row is the durable queue (QUEUED rows survive a crash; RUNNING rows of a dead
-- process are queued again at start).
CREATE TABLE job (
    id                  UUID PRIMARY KEY,
    job_key             TEXT        NOT NULL UNIQUE,
    event_id            TEXT,
    study_uid           TEXT        NOT NULL,
    study_version       INTEGER     NOT NULL,
    pipeline            TEXT        NOT NULL,
    model_id            TEXT,
    model_version       TEXT,
    series_uid          TEXT,
    status              TEXT        NOT NULL,
    reason              TEXT,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    not_before          TIMESTAMPTZ NOT NULL DEFAULT now(),
    result_series_uid   TEXT,
    result_instances    TEXT,
    summary             TEXT,
    timings             TEXT,
    execution_provider  TEXT,
    retrieve_url        TEXT,
    owner               TEXT,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at          TIMESTAMPTZ,
    finished_at         TIMESTAMPTZ
);
CREATE INDEX job_study ON job (study_uid);
CREATE INDEX job_due ON job (not_before) WHERE status = 'QUEUED';

-- Transactional outbox for inference events: written in the job's final transaction, published by
-- the relay, kept for a while after.
CREATE TABLE outbox (
    id            UUID PRIMARY KEY,
    event_type    TEXT        NOT NULL,
    event_key     TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
