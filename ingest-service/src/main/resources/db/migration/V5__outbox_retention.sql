-- Published outbox rows are kept for radflow.ingest.outbox-retention (default 7 days: what was
-- announced and when, for diagnosis) and then deleted by the relay in batches; this index finds them.
-- Unpublished rows are never deleted.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
