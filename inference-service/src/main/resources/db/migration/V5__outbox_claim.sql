-- A relay claims the events it sends (service-commons OutboxRelay.CLAIM_SQL): with several replicas,
-- each unpublished event is sent by one of them.
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMPTZ;
