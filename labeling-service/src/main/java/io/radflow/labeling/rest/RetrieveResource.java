package io.radflow.labeling.rest;

import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.labeling.wado.RetrieveService;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/** WADO-RS retrieve of studies, series and instances (PS3.18 10.4), streamed part by part. */
@Path("/dicomweb")
@RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
public class RetrieveResource {
    private final InstanceLocator locator;
    private final RetrieveService retrieve;
    private final HttpCaching caching;

    public RetrieveResource(InstanceLocator locator, RetrieveService retrieve, HttpCaching caching) {
        this.locator = locator;
        this.retrieve = retrieve;
        this.caching = caching;
    }

    @GET
    @Path("studies/{study}")
    public Response study(@PathParam("study") String study, @Context HttpHeaders headers) {
        return send(locator.instances(study, null), headers);
    }

    @GET
    @Path("studies/{study}/series/{series}")
    public Response series(
            @PathParam("study") String study, @PathParam("series") String series, @Context HttpHeaders headers) {
        return send(locator.instances(study, series), headers);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}")
    public Response instance(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @Context HttpHeaders headers) {
        InstanceLocation loc = locator.instance(study, series, sop);
        String etag = Etags.of("i", loc.file().toString(), headers.getHeaderString(HttpHeaders.ACCEPT));
        Response nm = caching.notModified(headers, etag, true);
        if (nm != null) {
            return nm;
        }
        return caching.tag(builder(List.of(loc), headers), etag, true).build();
    }

    private Response send(List<InstanceLocation> list, HttpHeaders headers) {
        return builder(list, headers)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    private Response.ResponseBuilder builder(List<InstanceLocation> list, HttpHeaders headers) {
        RetrieveService.Retrieve r = retrieve.prepare(list, headers.getHeaderString(HttpHeaders.ACCEPT));
        StreamingOutput body = out -> retrieve.write(r, out);
        return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, r.contentType());
    }
}
