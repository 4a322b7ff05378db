package io.radflow.labeling.rest;

import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.MediaTypeNames;
import io.radflow.labeling.wado.MetadataService;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.function.Supplier;

/** WADO-RS metadata of studies, series and instances (PS3.18 10.4.1.1.2); gzip when the client accepts it. */
@Path("/dicomweb")
@RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
public class MetadataResource {
    private final MetadataService metadata;
    private final HttpCaching caching;

    public MetadataResource(MetadataService metadata, HttpCaching caching) {
        this.metadata = metadata;
        this.caching = caching;
    }

    @GET
    @Path("studies/{study}/metadata")
    public Response study(@PathParam("study") String study, @Context HttpHeaders headers, @Context UriInfo uri) {
        return send(headers, () -> metadata.study(DicomWebRoot.of(uri), study));
    }

    @GET
    @Path("studies/{study}/series/{series}/metadata")
    public Response series(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return send(headers, () -> metadata.series(DicomWebRoot.of(uri), study, series));
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/metadata")
    public Response instance(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return send(headers, () -> metadata.instance(DicomWebRoot.of(uri), study, series, sop));
    }

    private Response send(HttpHeaders headers, Supplier<MetadataService.Metadata> what) {
        AcceptNegotiation.requireDicomJson(headers.getHeaderString(HttpHeaders.ACCEPT));
        MetadataService.Metadata m = what.get();
        Response nm = caching.notModified(headers, m.etag(), false);
        if (nm != null) {
            return nm;
        }
        String ae = headers.getHeaderString(HttpHeaders.ACCEPT_ENCODING);
        Response.ResponseBuilder b;
        if (ae != null && ae.toLowerCase().contains("gzip")) {
            b = Response.ok(m.gzip()).header(HttpHeaders.CONTENT_ENCODING, "gzip");
        } else {
            b = Response.ok(m.json());
        }
        b.header(HttpHeaders.CONTENT_TYPE, MediaTypeNames.DICOM_JSON).header(HttpHeaders.VARY, "Accept-Encoding");
        return caching.tag(b, m.etag(), false).build();
    }
}
