package io.radflow.labeling.api;

import java.util.Map;

/**
 * An error of the labeling API ({@code /api/v1}): its HTTP status and reason, answered as JSON
 * {@code {"status": …, "error": "…", …details}} by {@link ApiExceptionMapper}.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final Map<String, Object> details;

    public ApiException(int status, String message) {
        this(status, message, Map.of());
    }

    public ApiException(int status, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = Map.copyOf(details);
    }

    /** 400 with a reason. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404 naming what was not found. */
    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    /** 400 unless {@code uid} (named {@code name} in the message) is a syntactically valid UID. */
    public static String requireUid(String name, String uid) {
        if (!io.radflow.labeling.wado.InstanceLocator.isUid(uid)) {
            throw badRequest(name + (uid == null ? " is required" : " '" + uid + "' is not a valid UID"));
        }
        return uid;
    }

    public int status() {
        return status;
    }

    /** Extra members of the JSON answer (e.g. the current version of a 409). */
    public Map<String, Object> details() {
        return details;
    }
}
