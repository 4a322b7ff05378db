package io.radflow.labeling.audit;

import io.radflow.service.audit.AuditScope;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Names the patient of every DICOMweb read that addresses a study ({@code /dicomweb/studies/{study}…}:
 * WADO-RS retrieve, metadata, frames, bulk data, rendered, thumbnails, and QIDO-RS within a study) in the
 * request's {@link AuditScope}, so service-commons' audit filter records "DICOM Instances Accessed" with
 * Patient ID and Study Instance UID. The lookup is cached ({@link StudyPatients}): a frame request costs
 * a map look-up.
 */
public class DicomWebAuditFilter {
    @Inject
    StudyPatients patients;

    @Inject
    AuditScope scope;

    @ServerRequestFilter
    public void namePatient(ContainerRequestContext request) {
        String study = request.getUriInfo().getPathParameters().getFirst("study");
        if (study != null) {
            scope.study(study); // the response filter then needs no second look at the path parameters
            scope.patient(patients.patientOf(study));
        }
    }
}
