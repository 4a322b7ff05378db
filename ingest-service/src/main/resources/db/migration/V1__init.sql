-- Transactional outbox: a state change and the event announcing it are written in one transaction;
-- the relay publishes unpublished rows to Kafka in order and marks them.
CREATE TABLE outbox (
    id            UUID PRIMARY KEY,
    aggregate_id  TEXT        NOT NULL,           -- StudyInstanceUID: the Kafka key
    event_type    TEXT        NOT NULL,           -- CloudEvents ce_type
    payload       JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
