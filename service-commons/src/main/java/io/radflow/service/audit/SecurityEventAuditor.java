package io.radflow.service.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.quarkus.security.spi.runtime.SecurityEvent;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Records every authentication failure (missing, expired, tampered or foreign bearer token: 401) and
 * every authorization failure (a valid token without the role: 403) that Quarkus security reports as a
 * CDI security event, whether or not the request reached JAX-RS.
 */
@ApplicationScoped
public class SecurityEventAuditor {
    private static final int MAX_DETAIL = 300;
    private static final java.util.regex.Pattern JWT_LIKE =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}(\\.[A-Za-z0-9_-]*)?");

    @Inject
    AuditRecorder recorder;

    void onAuthenticationFailure(@Observes AuthenticationFailureEvent event) {
        RoutingContext rc = routingContext(event);
        recorder.record(withRequest(AuditEvent.of(AuditEventType.USER_AUTHENTICATION), rc, 401)
                .outcome(AuditOutcome.MINOR_FAILURE)
                .detail("authentication failed: " + reason(event.getAuthenticationFailure())));
    }

    void onAuthorizationFailure(@Observes AuthorizationFailureEvent event) {
        RoutingContext rc = routingContext(event);
        SecurityIdentity identity = event.getSecurityIdentity();
        if (identity == null || identity.isAnonymous()) {
            recorder.record(withRequest(AuditEvent.of(AuditEventType.USER_AUTHENTICATION), rc, 401)
                    .outcome(AuditOutcome.MINOR_FAILURE)
                    .detail("no credentials"));
            return;
        }
        Principal p = identity.getPrincipal();
        recorder.record(withRequest(AuditEvent.of(AuditEventType.QUERY), rc, 403)
                .outcome(AuditOutcome.MINOR_FAILURE)
                .user(p.getName())
                .client(p instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null)
                .roles(identity.getRoles().stream().sorted().toList())
                .detail("access denied: " + reason(event.getAuthorizationFailure())));
    }

    private static AuditEvent.Builder withRequest(AuditEvent.Builder b, RoutingContext rc, int status) {
        if (rc == null) {
            return b;
        }
        HttpServerRequest r = rc.request();
        return b.from(remoteAddress(r)).http(r.method().name(), r.path(), status);
    }

    static String remoteAddress(HttpServerRequest r) {
        SocketAddress a = r.remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    private static RoutingContext routingContext(SecurityEvent event) {
        for (Object v : event.getEventProperties().values()) {
            if (v instanceof RoutingContext rc) {
                return rc;
            }
        }
        return null;
    }

    static String reason(Throwable t) {
        if (t == null) {
            return "unknown";
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        // never keep (parts of) a presented token in the audit trail
        m = JWT_LIKE.matcher(m).replaceAll("<token>");
        return m.length() > MAX_DETAIL ? m.substring(0, MAX_DETAIL) : m;
    }
}
