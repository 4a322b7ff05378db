package io.radflow.labeling.rest;

import io.radflow.labeling.config.DicomWebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * ETag and Cache-Control for DICOMweb responses. Archived instances never change in place (a new
 * version is a new file), so instances, frames, rendered images and bulk data are immutable for
 * their URL and ETag; metadata and query results must be revalidated.
 */
@ApplicationScoped
public class HttpCaching {
    private final String immutable;

    public HttpCaching(DicomWebConfig config) {
        this.immutable =
                "private, max-age=" + config.browser().immutableMaxAge().toSeconds() + ", immutable";
    }

    /** 304 when {@code If-None-Match} names {@code etag}, else null. */
    public Response notModified(HttpHeaders headers, String etag, boolean isImmutable) {
        String inm = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (inm != null && (inm.contains('"' + etag + '"') || inm.trim().equals("*"))) {
            return Response.notModified()
                    .header(HttpHeaders.ETAG, '"' + etag + '"')
                    .header(HttpHeaders.CACHE_CONTROL, isImmutable ? immutable : "no-cache")
                    .build();
        }
        return null;
    }

    /** Adds ETag and Cache-Control. */
    public Response.ResponseBuilder tag(Response.ResponseBuilder b, String etag, boolean isImmutable) {
        return b.header(HttpHeaders.ETAG, '"' + etag + '"')
                .header(HttpHeaders.CACHE_CONTROL, isImmutable ? immutable : "no-cache");
    }
}
