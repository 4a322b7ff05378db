/**
 * The audit trail: IHE ATNA-shaped records ({@link io.radflow.service.audit.AuditEvent}) of every
 * authenticated read and every authentication or authorization failure, written by {@link
 * io.radflow.service.audit.AuditRecorder} to the service's PostgreSQL schema and to Kafka topic {@code
 * radflow.audit}. Services record their own domain events (stored or rejected instances) with the same
 * recorder.
 */
package io.radflow.service.audit;
