-- Idempotent consumer: a Kafka event (CloudEvents ce_id) is handled once, in the same transaction
-- as its effects; redelivered events are skipped.
CREATE TABLE processed_event (
    event_id      TEXT PRIMARY KEY,
    event_type    TEXT        NOT NULL,
    subject       TEXT,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
