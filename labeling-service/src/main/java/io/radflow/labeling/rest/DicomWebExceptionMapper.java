package io.radflow.labeling.rest;

import io.radflow.labeling.dicomweb.DicomWebException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

/** Maps {@link DicomWebException} to its status with the reason as plain text (and in a Warning header, PS3.18 8.6.1.2). */
@Provider
public class DicomWebExceptionMapper implements ExceptionMapper<DicomWebException> {
    private static final Logger LOG = Logger.getLogger(DicomWebExceptionMapper.class);

    @Override
    public Response toResponse(DicomWebException e) {
        if (e.status() >= 500) {
            LOG.error(e.getMessage(), e);
        } else {
            LOG.debugf("%d %s", e.status(), e.getMessage());
        }
        String msg = e.getMessage() == null ? "" : e.getMessage();
        return Response.status(e.status())
                .type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8"))
                .header("Warning", "299 radflow \"" + msg.replace('"', '\'').replaceAll("[\\r\\n]", " ") + "\"")
                .entity(msg + "\n")
                .build();
    }
}
