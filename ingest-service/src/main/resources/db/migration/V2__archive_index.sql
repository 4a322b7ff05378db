-- Archive index: patient / study / series / instance, the study assembly state and per-series
-- prepared WADO-RS metadata. Read contract for other services: the views v_study, v_series,
-- v_instance (docs/archive-index.md). Strings are stored decoded (Unicode), as received; empty
-- DICOM values are NULL.

-- The outbox is relayed in insertion order; rows of one transaction share created_at, so order by seq.
ALTER TABLE outbox ADD COLUMN seq BIGSERIAL;
CREATE INDEX outbox_unpublished_seq ON outbox (seq) WHERE published_at IS NULL;
DROP INDEX outbox_unpublished;

CREATE TABLE patient (
    pk                    BIGSERIAL PRIMARY KEY,
    patient_id            TEXT NOT NULL,                 -- (0010,0020), '' when absent
    issuer_of_patient_id  TEXT NOT NULL DEFAULT '',      -- (0010,0021)
    patient_name          TEXT,                          -- (0010,0010) PN as received, all groups
    patient_name_norm     TEXT,                          -- normalised for fuzzy matching (see docs)
    patient_birth_date    TEXT,                          -- (0010,0030) YYYYMMDD
    patient_sex           TEXT,                          -- (0010,0040)
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (patient_id, issuer_of_patient_id)
);

CREATE TABLE study (
    pk                         BIGSERIAL PRIMARY KEY,
    study_iuid                 TEXT NOT NULL UNIQUE,     -- (0020,000D)
    patient_fk                 BIGINT NOT NULL REFERENCES patient (pk),
    specific_character_set     TEXT,                     -- (0008,0005) of the first instance
    study_date                 TEXT,                     -- (0008,0020) YYYYMMDD
    study_time                 TEXT,                     -- (0008,0030) HHMMSS.FFFFFF
    accession_number           TEXT,                     -- (0008,0050)
    study_id                   TEXT,                     -- (0020,0010)
    study_description          TEXT,                     -- (0008,1030)
    referring_physician_name   TEXT,                     -- (0008,0090) PN
    referring_physician_name_norm TEXT,
    timezone_offset_from_utc   TEXT,                     -- (0008,0201)
    modalities_in_study        TEXT[] NOT NULL DEFAULT '{}',
    sop_classes_in_study       TEXT[] NOT NULL DEFAULT '{}',
    body_parts_examined        TEXT[] NOT NULL DEFAULT '{}',
    number_of_series           INT NOT NULL DEFAULT 0,
    number_of_instances        INT NOT NULL DEFAULT 0,
    study_size                 BIGINT NOT NULL DEFAULT 0, -- bytes of the stored files
    -- study assembly (ready / updated events)
    version                    INT NOT NULL DEFAULT 0,   -- version of the last announced event (0: none yet)
    quiet_period_ms            BIGINT NOT NULL,          -- of the sender of the last instance
    announce_due_at            TIMESTAMPTZ,              -- not null: an event is due at this time
    first_received_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_received_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    announced_at               TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX study_due ON study (announce_due_at) WHERE announce_due_at IS NOT NULL;
CREATE INDEX study_patient ON study (patient_fk);
CREATE INDEX study_date_idx ON study (study_date);
CREATE INDEX study_accession ON study (accession_number);

CREATE TABLE series (
    pk                         BIGSERIAL PRIMARY KEY,
    series_iuid                TEXT NOT NULL UNIQUE,     -- (0020,000E)
    study_fk                   BIGINT NOT NULL REFERENCES study (pk) ON DELETE CASCADE,
    series_number              INT,                      -- (0020,0011)
    modality                   TEXT,                     -- (0008,0060)
    series_description         TEXT,                     -- (0008,103E)
    body_part_examined         TEXT,                     -- (0018,0015)
    series_date                TEXT,                     -- (0008,0021)
    series_time                TEXT,                     -- (0008,0031)
    pps_start_date             TEXT,                     -- (0040,0244)
    pps_start_time             TEXT,                     -- (0040,0245)
    sop_classes                TEXT[] NOT NULL DEFAULT '{}',
    number_of_instances        INT NOT NULL DEFAULT 0,
    -- prepared WADO-RS metadata: gzip of the DICOM JSON array of every instance (ordered by
    -- InstanceNumber, SOPInstanceUID); valid when metadata_stale is false
    metadata_gz                BYTEA,
    metadata_instances         INT NOT NULL DEFAULT 0,   -- instances in metadata_gz
    metadata_stale             BOOLEAN NOT NULL DEFAULT true,
    created_at                 TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX series_study ON series (study_fk);
CREATE INDEX series_stale ON series (study_fk) WHERE metadata_stale;

CREATE TABLE instance (
    pk                         BIGSERIAL PRIMARY KEY,
    sop_iuid                   TEXT NOT NULL UNIQUE,     -- (0008,0018)
    series_fk                  BIGINT NOT NULL REFERENCES series (pk) ON DELETE CASCADE,
    study_fk                   BIGINT NOT NULL REFERENCES study (pk) ON DELETE CASCADE,
    sop_cuid                   TEXT NOT NULL,            -- (0008,0016)
    instance_number            INT,                      -- (0020,0013)
    rows                       INT,                      -- (0028,0010)
    columns                    INT,                      -- (0028,0011)
    bits_allocated             INT,                      -- (0028,0100)
    number_of_frames           INT,                      -- (0028,0008), NULL for single-frame objects without it
    patient_id                 TEXT,                     -- (0010,0020) as received (may differ from the study's)
    transfer_syntax_uid        TEXT NOT NULL,            -- as received and stored
    storage_path               TEXT NOT NULL,            -- relative to the archive root: <study>/<series>/<sop>.dcm
    file_size                  BIGINT NOT NULL,          -- bytes of the Part 10 file
    digest                     TEXT NOT NULL,            -- SHA-256 (hex) of the data set bytes (without File Meta)
    metadata                   BYTEA NOT NULL,           -- DICOM JSON object (UTF-8) for WADO-RS metadata
    received_via               TEXT NOT NULL,            -- DIMSE | STOW
    source                     TEXT NOT NULL,            -- calling AE title or STOW client address
    received_at                TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                 TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX instance_series ON instance (series_fk);
CREATE INDEX instance_study ON instance (study_fk);

-- Read contract (docs/archive-index.md): column names here stay stable; the tables may change.
CREATE VIEW v_study AS
SELECT s.study_iuid, p.patient_id, p.issuer_of_patient_id, p.patient_name, p.patient_name_norm,
       p.patient_birth_date, p.patient_sex, s.specific_character_set, s.study_date, s.study_time,
       s.accession_number, s.study_id, s.study_description, s.referring_physician_name,
       s.referring_physician_name_norm, s.timezone_offset_from_utc, s.modalities_in_study,
       s.sop_classes_in_study, s.body_parts_examined, s.number_of_series, s.number_of_instances,
       s.study_size, s.version, s.announce_due_at IS NULL AND s.version > 0 AS ready,
       s.first_received_at, s.last_received_at, s.updated_at
FROM study s JOIN patient p ON p.pk = s.patient_fk;

CREATE VIEW v_series AS
SELECT st.study_iuid, se.series_iuid, se.series_number, se.modality, se.series_description,
       se.body_part_examined, se.series_date, se.series_time, se.pps_start_date, se.pps_start_time,
       se.sop_classes, se.number_of_instances, se.metadata_gz, se.metadata_instances,
       se.metadata_stale, se.updated_at
FROM series se JOIN study st ON st.pk = se.study_fk;

CREATE VIEW v_instance AS
SELECT st.study_iuid, se.series_iuid, i.sop_iuid, i.sop_cuid, i.instance_number, i.rows, i.columns,
       i.bits_allocated, i.number_of_frames, i.transfer_syntax_uid, i.storage_path, i.file_size,
       i.digest, i.metadata, i.received_at, i.updated_at
FROM instance i JOIN series se ON se.pk = i.series_fk JOIN study st ON st.pk = i.study_fk;
