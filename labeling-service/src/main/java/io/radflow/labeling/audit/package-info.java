/**
 * The labeling service's part of the audit trail (docs/security.md): which patient a WADO-RS read
 * concerns, what a QIDO-RS search asked and returned. Records are written by service-commons' {@code
 * AuditRecorder}, off the request path.
 */
package io.radflow.labeling.audit;
