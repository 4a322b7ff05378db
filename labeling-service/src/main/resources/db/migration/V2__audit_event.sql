-- Audit trail (IHE ATNA-shaped, see docs/security.md): written by service-commons AuditRecorder.
-- The same table is adopted by every service in its own schema.
CREATE TABLE audit_event (
    id                   UUID PRIMARY KEY,
    event_time           TIMESTAMPTZ NOT NULL,
    event_id             TEXT        NOT NULL,  -- DCM code, e.g. 110114 User Authentication
    event_type           TEXT        NOT NULL,  -- its display name
    action_code          CHAR(1)     NOT NULL,  -- C R U D E
    outcome              SMALLINT    NOT NULL,  -- 0 success, 4 minor, 8 serious, 12 major failure
    source_id            TEXT        NOT NULL,  -- reporting service
    user_id              TEXT,                  -- token user name or calling AE title; NULL when unknown
    client_id            TEXT,                  -- OAuth client (azp)
    user_roles           TEXT,                  -- comma-separated realm roles
    network_access_point TEXT,                  -- requester IP address
    patient_id           TEXT,
    study_instance_uid   TEXT,
    http_method          TEXT,
    request_path         TEXT,
    http_status          INTEGER,
    detail               TEXT
);
CREATE INDEX audit_event_time_idx ON audit_event (event_time);
CREATE INDEX audit_event_user_idx ON audit_event (user_id, event_time);
CREATE INDEX audit_event_study_idx ON audit_event (study_instance_uid) WHERE study_instance_uid IS NOT NULL;
