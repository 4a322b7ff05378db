package io.radflow.labeling.rest;

import io.radflow.dicom.data.Tag;
import io.radflow.labeling.audit.QidoAuditDetail;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import io.radflow.labeling.qido.QidoLevel;
import io.radflow.labeling.qido.QidoQuery;
import io.radflow.labeling.qido.QidoService;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.service.audit.AuditScope;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * QIDO-RS searches (PS3.18 10.6) for studies, series and instances, as {@code application/dicom+json}.
 * Each search's audit record names the query and the studies (with their patients) it returned.
 */
@Path("/dicomweb")
@RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
public class QidoResource {
    private final QidoService qido;
    private final int maxResults;
    private final AuditScope audit;

    public QidoResource(QidoService qido, DicomWebConfig config, AuditScope audit) {
        this.qido = qido;
        this.maxResults = config.maxQueryResults();
        this.audit = audit;
    }

    @GET
    @Path("studies")
    public Response studies(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.STUDY, Map.of(), uri, headers);
    }

    @GET
    @Path("series")
    public Response allSeries(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.SERIES, Map.of(), uri, headers);
    }

    @GET
    @Path("studies/{study}/series")
    public Response series(@PathParam("study") String study, @Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.SERIES, keys(study, null), uri, headers);
    }

    @GET
    @Path("instances")
    public Response allInstances(@Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, Map.of(), uri, headers);
    }

    @GET
    @Path("studies/{study}/instances")
    public Response studyInstances(
            @PathParam("study") String study, @Context UriInfo uri, @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, keys(study, null), uri, headers);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances")
    public Response instances(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @Context UriInfo uri,
            @Context HttpHeaders headers) {
        return search(QidoLevel.INSTANCE, keys(study, series), uri, headers);
    }

    private static Map<Integer, String> keys(String study, String series) {
        Map<Integer, String> m = new LinkedHashMap<>();
        InstanceLocator.checkUid(study);
        m.put(Tag.StudyInstanceUID, study);
        if (series != null) {
            InstanceLocator.checkUid(series);
            m.put(Tag.SeriesInstanceUID, series);
        }
        return m;
    }

    private Response search(QidoLevel level, Map<Integer, String> pathKeys, UriInfo uri, HttpHeaders headers) {
        AcceptNegotiation.requireDicomJson(headers.getHeaderString(HttpHeaders.ACCEPT));
        QidoQuery q = QidoQuery.parse(level, uri.getQueryParameters(true), pathKeys, maxResults);
        QidoAuditDetail matches = new QidoAuditDetail();
        byte[] json = qido.search(q, DicomWebRoot.of(uri), matches);
        audit.detail(matches.describe(level.name(), uri.getRequestUri().getRawQuery()));
        Response.ResponseBuilder b = Response.ok(json)
                .header(HttpHeaders.CONTENT_TYPE, MediaTypeNames.DICOM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache");
        for (String w : q.warnings()) {
            b.header("Warning", "299 radflow \"" + w.replace('"', '\'') + "\"");
        }
        return b.build();
    }
}
