package io.radflow.labeling.api;

import io.radflow.labeling.patients.PatientLookup;
import io.radflow.labeling.patients.PatientStudies;
import io.radflow.service.audit.AuditScope;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The labeling app's patient page under {@code /api/v1/patients}: {@code GET {id}/studies} answers a
 * Patient ID's studies, newest first, with series, AI results, label sets and clinical context
 * ({@link PatientStudies}). Readers of the API (radiologists, annotators, researchers, admins); every
 * lookup is audited as "DICOM Instances Accessed" naming the patient (service-commons' response
 * filter, from the {@link AuditScope}).
 */
@Path("/api/v1/patients")
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {
    private final PatientLookup lookup;
    private final AuditScope scope;

    public PatientResource(PatientLookup lookup, AuditScope scope) {
        this.lookup = lookup;
        this.scope = scope;
    }

    /**
     * The patient's studies (at most {@value PatientLookup#MAX_STUDIES}, the newest; {@code truncated}
     * says when there are more); {@code ?issuer=} restricts them to one Issuer of Patient ID (empty:
     * none). 404 when the archive has no study of the patient, 400 for an empty or too long ID.
     */
    @GET
    @Path("{id}/studies")
    @RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
    public PatientStudies studies(@PathParam("id") String id, @QueryParam("issuer") String issuer) {
        String patient = PatientLookup.checkId(id);
        scope.patient(patient);
        if (issuer != null && issuer.length() > PatientLookup.MAX_ID_LENGTH) {
            throw ApiException.badRequest("issuer longer than " + PatientLookup.MAX_ID_LENGTH + " characters");
        }
        PatientStudies answer = lookup.lookup(patient, issuer == null ? null : issuer.strip());
        scope.detail("patient studies: " + answer.studies().size() + (answer.truncated() ? " (truncated)" : ""));
        return answer;
    }
}
