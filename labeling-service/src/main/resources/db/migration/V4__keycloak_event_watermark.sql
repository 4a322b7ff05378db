-- How far the Keycloak login-event bridge (io.radflow.labeling.audit.KeycloakEventBridge) has read each
-- Keycloak realm's events: the time of the newest event already written to audit_event. Updated in the
-- transaction that inserts the bridged audit rows, so a restart neither loses nor repeats events.
CREATE TABLE keycloak_event_watermark (
    events_url      TEXT PRIMARY KEY,
    last_event_time TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
