package io.radflow.labeling.rest;

import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.AcceptNegotiation;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.wado.BulkDataService;
import io.radflow.labeling.wado.FrameService;
import io.radflow.labeling.wado.InstanceLocator;
import io.radflow.labeling.wado.RenderService;
import io.radflow.service.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * WADO-RS pixel resources: frames, bulk data and rendered frames of one instance, and the rendered
 * study and series (PS3.18 10.4.1.1.3/5/6).
 */
@Path("/dicomweb")
@RolesAllowed({Roles.RADIOLOGIST, Roles.ANNOTATOR, Roles.RESEARCHER, Roles.ADMIN})
public class FramesResource {
    private final InstanceLocator locator;
    private final FrameService frames;
    private final BulkDataService bulk;
    private final RenderService render;
    private final HttpCaching caching;

    public FramesResource(
            InstanceLocator locator,
            FrameService frames,
            BulkDataService bulk,
            RenderService render,
            HttpCaching caching) {
        this.locator = locator;
        this.frames = frames;
        this.bulk = bulk;
        this.render = render;
        this.caching = caching;
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    public Response frames(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @PathParam("frames") String list,
            @Context HttpHeaders headers) {
        List<Integer> numbers = frameNumbers(list);
        ParsedInstance p = locator.parsed(study, series, sop);
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        String etag = Etags.of("f", p.location().file().toString(), list, accept);
        Response nm = caching.notModified(headers, etag, true);
        if (nm != null) {
            return nm;
        }
        return body(frames.frames(p, numbers, accept), etag);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/bulk/{path: .+}")
    public Response bulk(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @PathParam("path") String path,
            @Context HttpHeaders headers) {
        ParsedInstance p = locator.parsed(study, series, sop);
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        String etag = Etags.of("b", p.location().file().toString(), path, accept);
        Response nm = caching.notModified(headers, etag, true);
        if (nm != null) {
            return nm;
        }
        return body(bulk.bulk(p, path, accept), etag);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/rendered")
    public Response rendered(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @QueryParam("window") String window,
            @QueryParam("viewport") String viewport,
            @QueryParam("quality") String quality,
            @Context HttpHeaders headers) {
        return renderedFrame(study, series, sop, "1", window, viewport, quality, headers);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered")
    public Response renderedFrame(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @PathParam("instance") String sop,
            @PathParam("frames") String list,
            @QueryParam("window") String window,
            @QueryParam("viewport") String viewport,
            @QueryParam("quality") String quality,
            @Context HttpHeaders headers) {
        List<Integer> numbers = frameNumbers(list);
        if (numbers.size() != 1) {
            throw DicomWebException.badRequest("a rendered frame request names one frame");
        }
        String type = AcceptNegotiation.renderedMediaType(headers.getHeaderString(HttpHeaders.ACCEPT));
        ParsedInstance p = locator.parsed(study, series, sop);
        String etag = Etags.of("r", p.location().file().toString(), list, window, viewport, quality, type);
        Response nm = caching.notModified(headers, etag, true);
        if (nm != null) {
            return nm;
        }
        byte[] img = render.render(p, numbers.get(0), new RenderService.Options(window, viewport, quality), type);
        return caching.tag(Response.ok(img).header(HttpHeaders.CONTENT_TYPE, type), etag, true)
                .build();
    }

    /**
     * Rendered study (PS3.18 10.4.1.1.3): {@code multipart/related; type="image/jpeg"} (or
     * {@code image/png}), one part per frame of every image instance in series and instance order,
     * each with the Content-Location of its own rendered resource; instances without Pixel Data
     * (structured reports, ...) are left out. Streamed: one rendered frame in memory at a time.
     */
    @GET
    @Path("studies/{study}/rendered")
    public Response renderedStudy(
            @PathParam("study") String study,
            @QueryParam("window") String window,
            @QueryParam("viewport") String viewport,
            @QueryParam("quality") String quality,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return renderedSeries(study, null, window, viewport, quality, headers, uri);
    }

    /** Rendered series: as {@link #renderedStudy}, for one series (all of the study when null). */
    @GET
    @Path("studies/{study}/series/{series}/rendered")
    public Response renderedSeries(
            @PathParam("study") String study,
            @PathParam("series") String series,
            @QueryParam("window") String window,
            @QueryParam("viewport") String viewport,
            @QueryParam("quality") String quality,
            @Context HttpHeaders headers,
            @Context UriInfo uri) {
        return renderedParts(
                locator.instances(study, series),
                new RenderService.Options(window, viewport, quality),
                headers,
                DicomWebRoot.of(uri));
    }

    private Response renderedParts(
            List<InstanceLocation> all, RenderService.Options options, HttpHeaders headers, String root) {
        String type = AcceptNegotiation.renderedPartMediaType(headers.getHeaderString(HttpHeaders.ACCEPT));
        List<InstanceLocation> images = new ArrayList<>();
        for (InstanceLocation l : all) {
            if (locator.parsed(l).frames() > 0) {
                images.add(l);
            }
        }
        if (images.isEmpty()) {
            throw DicomWebException.notFound("image to render");
        }
        // the first frame before the status is sent: bad options are a 400, not a broken stream
        byte[] first = render.render(locator.parsed(images.get(0)), 1, options, type);
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mw = new MultipartWriter(out, boundary);
            byte[] img = first;
            for (InstanceLocation l : images) {
                ParsedInstance p = locator.parsed(l);
                for (int f = 1; f <= p.frames(); f++) {
                    if (img == null) {
                        try {
                            img = render.render(p, f, options, type);
                        } catch (RuntimeException e) {
                            // the status is sent: end the body without its closing delimiter
                            throw new IOException("cannot render frame " + f + " of " + l.sopInstanceUID(), e);
                        }
                    }
                    String location = root + "/studies/" + l.studyInstanceUID() + "/series/" + l.seriesInstanceUID()
                            + "/instances/" + l.sopInstanceUID() + (p.frames() == 1 ? "" : "/frames/" + f)
                            + "/rendered";
                    OutputStream part =
                            mw.startPart(PartHeaders.contentType(type).add(PartHeaders.CONTENT_LOCATION, location));
                    part.write(img);
                    img = null;
                }
            }
            mw.finish();
        };
        return Response.ok(body)
                .header(HttpHeaders.CONTENT_TYPE, "multipart/related; type=\"" + type + "\"; boundary=" + boundary)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .build();
    }

    private Response body(FrameService.Body b, String etag) {
        return caching.tag(Response.ok(b.body()).header(HttpHeaders.CONTENT_TYPE, b.contentType()), etag, true)
                .build();
    }

    /** Parses {@code 1,2,3}; 400 when malformed. */
    static List<Integer> frameNumbers(String list) {
        String[] parts = list.split(",", -1);
        if (parts.length > 10000) {
            throw DicomWebException.badRequest("too many frame numbers");
        }
        List<Integer> out = new ArrayList<>(parts.length);
        for (String s : parts) {
            try {
                int n = Integer.parseInt(s.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                throw DicomWebException.badRequest(
                        "frame list '" + list + "' must be positive integers separated by commas");
            }
        }
        return out;
    }
}
