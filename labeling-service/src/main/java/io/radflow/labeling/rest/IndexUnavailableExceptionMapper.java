package io.radflow.labeling.rest;

import io.radflow.labeling.archive.IndexUnavailableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** The archive index is unreachable: 503 with Retry-After, never a generic 500. */
@Provider
public class IndexUnavailableExceptionMapper implements ExceptionMapper<IndexUnavailableException> {
    private static final Logger LOG = Logger.getLogger(IndexUnavailableExceptionMapper.class);

    @Override
    public Response toResponse(IndexUnavailableException e) {
        LOG.warn(e.getMessage());
        return Response.status(503)
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Retry-After", "5")
                .entity("archive index unavailable\n")
                .build();
    }
}
