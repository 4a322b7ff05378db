-- Label sets (docs/labeling.md): a series' labels, versioned. Every save is a new version; a version
-- stores only the slices it changed (a mask per segment and source frame, run-length encoded), so a
-- version's content is, per (instance, frame, segment), the newest slice row at or below it. History is
-- linear: a save names the version it started from and fails (409) unless that is still the current one.
CREATE TABLE label_set (
    id               BIGSERIAL   PRIMARY KEY,
    study_uid        VARCHAR(64) NOT NULL,
    series_uid       VARCHAR(64) NOT NULL,
    name             TEXT        NOT NULL,
    image_rows       INTEGER     NOT NULL CHECK (image_rows > 0),
    image_columns    INTEGER     NOT NULL CHECK (image_columns > 0),
    first_slice      INTEGER,            -- optional slice range (0 = most superior, by position)
    last_slice       INTEGER,
    current_version  INTEGER     NOT NULL,
    created_by       TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    -- the SEG a pre-label set was imported from (one label set per imported SEG instance)
    imported_from    VARCHAR(64) UNIQUE
);
CREATE INDEX label_set_series ON label_set (study_uid, series_uid);

CREATE TABLE label_version (
    label_set_id    BIGINT      NOT NULL REFERENCES label_set (id) ON DELETE CASCADE,
    version         INTEGER     NOT NULL CHECK (version > 0),
    parent_version  INTEGER,
    author          TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    -- manual, back-projection, grabcut, threshold, model, imported-seg, revert
    source          TEXT        NOT NULL,
    -- model id and version, the SEG SOP Instance UID, or the version reverted to
    source_detail   TEXT,
    comment         TEXT,
    -- the segments of this version: [{number, label, category, type, rgb, ...}] (JSON)
    segments        TEXT        NOT NULL,
    changed_slices  INTEGER     NOT NULL,
    -- the SEG this version was published as (SOP Instance UID), once published
    published_sop   VARCHAR(64),
    published_at    TIMESTAMPTZ,
    PRIMARY KEY (label_set_id, version)
);

CREATE TABLE label_slice (
    id              BIGSERIAL   PRIMARY KEY,
    label_set_id    BIGINT      NOT NULL,
    version         INTEGER     NOT NULL,
    sop_uid         VARCHAR(64) NOT NULL,
    frame           INTEGER     NOT NULL,  -- 1-based frame of the source instance
    segment         INTEGER     NOT NULL,
    pixels          INTEGER     NOT NULL,  -- pixels set; 0 with a null mask: cleared in this version
    mask            BYTEA,                 -- run-length encoded (MaskRle)
    FOREIGN KEY (label_set_id, version) REFERENCES label_version (label_set_id, version) ON DELETE CASCADE,
    UNIQUE (label_set_id, sop_uid, frame, segment, version)
);

-- Named training sets: a selection of label sets exported together (GET /api/v1/training-sets/{name}.zip).
CREATE TABLE training_set (
    name            VARCHAR(64) PRIMARY KEY,
    label_set_ids   TEXT        NOT NULL,  -- JSON array of label set ids
    mask_values     TEXT,                  -- JSON: segment label -> training label name
    created_by      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
