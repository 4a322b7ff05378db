package io.radflow.labeling.rest;

import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.labeling.wado.RenderService;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Thumbnails (PS3.18 10.4.1.1.7 / 9.5.1.2.4) of studies, series and instances: the middle image of
 * the first imaging series of a study, the middle instance of a series, the middle frame of an
 * instance, fitted into a square of {@code radflow.dicomweb.thumbnail-size}.
 */
@Path("/dicomweb")
@RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
public class ThumbnailResource {
    private final InstanceLocator locator;
    private final RenderService render;
    private final HttpCaching caching;
    private final int size;

    public ThumbnailResource(
            InstanceLocator locator, RenderService render, HttpCaching caching, DicomWebConfig config) {
        this.locator = locator;
        this.render = render;
        this.caching = caching;
        this.size = config.thumbnailSize();
    }

    @GET
    @Path("studies/{study}/thumbnail")
    public Response study(@PathParam("study") String study, @Context HttpHeaders headers) {
        return middleImage(locator.instances(study, null), headers);
    }

    @GET
    @Path("studies/{study}/series/{series}/thumbnail")
    public Response series(
            @PathParam("study") String study, @PathParam("series") String series, @Context HttpHeaders headers) {
        return middleImage(locator.instances(study, series), headers);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/thumbnail")
    public Response instance(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @Context HttpHeaders headers) {
        return send(locator.parsed(study, series, sop), headers);
    }

    private Response middleImage(List<InstanceLocation> all, HttpHeaders headers) {
        String firstSeries = null;
        List<InstanceLocation> images = null;
        for (InstanceLocation l : all) {
            if (firstSeries == null || !l.seriesInstanceUID().equals(firstSeries)) {
                if (images != null && !images.isEmpty()) {
                    break;
                }
                firstSeries = l.seriesInstanceUID();
                images = new java.util.ArrayList<>();
            }
            if (locator.parsed(l).pixelData() != null) {
                images.add(l);
            }
        }
        if (images == null || images.isEmpty()) {
            throw DicomWebException.notFound("image for a thumbnail");
        }
        return send(locator.parsed(images.get(images.size() / 2)), headers);
    }

    private Response send(ParsedInstance p, HttpHeaders headers) {
        String type = AcceptNegotiation.renderedMediaType(headers.getHeaderString(HttpHeaders.ACCEPT));
        String etag = Etags.of("t", p.location().file().toString(), type, String.valueOf(size));
        Response nm = caching.notModified(headers, etag, false);
        if (nm != null) {
            return nm;
        }
        byte[] img = render.thumbnail(p, size, type);
        return caching.tag(Response.ok(img).header(HttpHeaders.CONTENT_TYPE, type), etag, false)
                .build();
    }
}
