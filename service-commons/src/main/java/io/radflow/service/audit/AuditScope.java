package io.radflow.service.audit;

import jakarta.enterprise.context.RequestScoped;

/**
 * What the current request is about, for its audit record: a resource that learns the patient or the
 * study of a request (for example from the index) sets them here; {@link AuditResponseFilter} reads
 * them (and a {@link #detail(String)} for the record's {@code detail}). The study UID is also taken from a path parameter named {@code study} or {@code studyUID}.
 */
@RequestScoped
public class AuditScope {
    private String patientId;
    private String studyInstanceUid;
    private String detail;

    public void patient(String patientId) {
        this.patientId = patientId;
    }

    public void study(String studyInstanceUid) {
        this.studyInstanceUid = studyInstanceUid;
    }

    /** What the request was about beyond patient and study (e.g. a query and what it returned). */
    public void detail(String detail) {
        this.detail = detail;
    }

    public String patientId() {
        return patientId;
    }

    public String studyInstanceUid() {
        return studyInstanceUid;
    }

    public String detail() {
        return detail;
    }
}
