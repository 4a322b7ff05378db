-- EventTypeCode of an audit record (DCM code, e.g. 110122 Login for a User Authentication), see
-- docs/security.md "Audit trail". Written by service-commons AuditRecorder; the same in every service.
ALTER TABLE audit_event ADD COLUMN event_type_code TEXT;
