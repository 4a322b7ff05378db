package io.radflow.testsupport;

import java.util.Arrays;
import java.util.List;

/**
 * One endpoint of a service's role matrix for {@link SecurityContract}: method, path (relative to the
 * test server), the roles that may call it, and the body and content type of a valid request (null for
 * none).
 */
public record SecuredEndpoint(String method, String path, List<String> allowedRoles, String contentType, byte[] body) {
    public SecuredEndpoint {
        allowedRoles = List.copyOf(allowedRoles);
    }

    /** A GET that {@code roles} may call. */
    public static SecuredEndpoint get(String path, String... roles) {
        return new SecuredEndpoint("GET", path, Arrays.asList(roles), null, null);
    }

    /** A POST of {@code body} as {@code contentType} that {@code roles} may call. */
    public static SecuredEndpoint post(String path, String contentType, byte[] body, String... roles) {
        return new SecuredEndpoint("POST", path, Arrays.asList(roles), contentType, body);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
