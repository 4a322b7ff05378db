package io.radflow.service.audit;

import io.quarkus.security.identity.SecurityIdentity;
import io.radflow.service.security.WarmUpIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Records every authenticated read (GET / HEAD) of a JAX-RS endpoint: who (token user, client, roles),
 * from where, what (path, status, patient and study when known), outcome from the status. Requests that
 * end in 401 or 403 are recorded by {@link SecurityEventAuditor} instead (they may never reach JAX-RS).
 *
 * <p>A viewer reads a study as hundreds of requests (metadata, frames); successful reads of the same
 * study by the same user from the same address are recorded once per {@code
 * radflow.audit.read-window} (default 60 s), as one "DICOM Instances Accessed" event per study access.
 * Reads that name no study, and failures, are always recorded.
 */
@Singleton
public class AuditResponseFilter {
    private static final List<String> STUDY_PARAMETERS = List.of("study", "studyUID", "studyInstanceUID");

    @Inject
    AuditRecorder recorder;

    @Inject
    SecurityIdentity identity;

    @Inject
    AuditScope scope;

    @Inject
    @ConfigProperty(name = "radflow.audit.read-window", defaultValue = "60S")
    Duration readWindow;

    private final Map<String, Instant> recentStudyReads = new ConcurrentHashMap<>();

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        int status = response.getStatus();
        String method = request.getMethod();
        if (principal == null
                || status == 401
                || status == 403
                || !("GET".equals(method) || "HEAD".equals(method))
                || WarmUpIdentity.is(identity)) {
            return;
        }
        String study = scope.studyInstanceUid() != null ? scope.studyInstanceUid() : studyParameter(request);
        String from = SecurityEventAuditor.remoteAddress(http);
        if (study != null && status < 400 && recentlyRecorded(principal.getName() + '|' + from + '|' + study)) {
            return;
        }
        recorder.record(AuditEvent.of(
                        study != null || scope.patientId() != null
                                ? AuditEventType.DICOM_INSTANCES_ACCESSED
                                : AuditEventType.QUERY)
                .outcome(AuditOutcome.ofHttpStatus(status))
                .user(principal.getName())
                .client(principal instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null)
                .roles(identity.getRoles().stream().sorted().toList())
                .from(from)
                .patient(scope.patientId())
                .study(study)
                .http(method, http.path(), status)
                .detail(scope.detail()));
    }

    private boolean recentlyRecorded(String key) {
        Instant now = Instant.now();
        Instant previous = recentStudyReads.get(key);
        if (previous != null && previous.plus(readWindow).isAfter(now)) {
            return true;
        }
        recentStudyReads.put(key, now);
        if (recentStudyReads.size() > 10_000) {
            recentStudyReads.values().removeIf(t -> t.plus(readWindow).isBefore(now));
        }
        return false;
    }

    private static String studyParameter(ContainerRequestContext request) {
        var params = request.getUriInfo().getPathParameters();
        for (String name : STUDY_PARAMETERS) {
            String v = params.getFirst(name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
