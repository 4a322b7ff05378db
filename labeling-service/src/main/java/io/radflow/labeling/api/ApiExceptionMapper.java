package io.radflow.labeling.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The labeling API's errors as JSON: {@link ApiException}, and request bodies Jackson cannot map (400). */
public class ApiExceptionMapper {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.status() >= 500) {
            LOG.error(e.getMessage(), e);
        }
        return json(e.status(), e.getMessage(), e.details());
    }

    /** A body that is JSON but not what the endpoint takes (wrong types, a check that failed). */
    @ServerExceptionMapper
    public Response mapping(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root instanceof IllegalArgumentException || root instanceof NullPointerException
                ? root.getMessage()
                : e.getOriginalMessage();
        return json(400, "invalid request body: " + reason, Map.of());
    }

    /**
     * Quarkus REST answers a body Jackson could not read with a bare 400 (a WebApplicationException
     * caused by the Jackson error); the reason is given here. Other such exceptions keep their response.
     */
    @ServerExceptionMapper
    public Response webApplication(jakarta.ws.rs.WebApplicationException e) {
        if (e.getCause() instanceof JsonMappingException m) {
            return mapping(m);
        }
        if (e.getCause() instanceof com.fasterxml.jackson.core.JsonProcessingException p) {
            return json(400, "request body is not valid JSON: " + p.getOriginalMessage(), Map.of());
        }
        return e.getResponse();
    }

    /** The JSON error answer. */
    public static Response json(int status, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        body.putAll(details);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body)
                .build();
    }
}
