package io.radflow.labeling.stow;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.service.audit.AuditEvent;
import io.radflow.service.audit.AuditEventType;
import io.radflow.service.audit.AuditOutcome;
import io.radflow.service.audit.AuditRecorder;
import io.radflow.service.security.ServiceTokens;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * STOW-RS at the labeling DICOMweb root ({@code POST /dicomweb/studies[/{study}]}), forwarded to
 * ingest-service's STOW-RS endpoint so that durability, de-duplication and study events are exactly
 * ingest's. The request body is piped to ingest as it arrives (back-pressured, never buffered);
 * ingest's status, headers and response body are passed back unchanged.
 *
 * <p>Security (docs/security.md): the route is a Vert.x route, not JAX-RS, so the roles ({@code
 * annotator}, {@code admin}) are enforced by the HTTP permission {@code radflow-stow} in {@code
 * application.properties} before this handler runs. The caller's token is not passed on: ingest gets
 * this service's own client-credentials token ({@link ServiceTokens}, fetched without blocking the
 * event loop), and the caller's user name and address in {@value #FORWARDED_USER} and {@code
 * X-Forwarded-For}. Every forward is audited here as "DICOM Instances Transferred" with the caller's
 * identity and ingest's status.
 */
@ApplicationScoped
public class StowForwarder {
    private static final Logger LOG = Logger.getLogger(StowForwarder.class);
    private static final List<CharSequence> REQUEST_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, HttpHeaders.ACCEPT, "X-Correlation-Id");
    /** The header that names the user on whose behalf labeling stores (for ingest's log and audit trail). */
    public static final String FORWARDED_USER = "X-Forwarded-User";

    private static final List<CharSequence> RESPONSE_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, "Warning", HttpHeaders.LOCATION);

    private final DicomWebConfig config;
    private final HttpClient client;
    private final ServiceTokens serviceTokens;
    private final AuditRecorder audit;

    public StowForwarder(DicomWebConfig config, Vertx vertx, ServiceTokens serviceTokens, AuditRecorder audit) {
        this.config = config;
        this.serviceTokens = serviceTokens;
        this.audit = audit;
        URI base = config.ingestUrl();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setSsl("https".equals(base.getScheme()))
                .setMaxPoolSize(16));
    }

    void register(@Observes Router router) {
        router.post("/dicomweb/studies").handler(this::forward);
        router.post("/dicomweb/studies/:study").handler(this::forward);
    }

    private void forward(RoutingContext ctx) {
        HttpServerRequest in = ctx.request();
        in.pause();
        Context context = Vertx.currentContext();
        serviceTokens
                .authorizationHeaderAsync()
                .subscribe()
                .with(
                        auth -> context.runOnContext(v -> send(ctx, auth)),
                        e -> context.runOnContext(v -> noServiceToken(ctx, e)));
    }

    private void send(RoutingContext ctx, String authorization) {
        HttpServerRequest in = ctx.request();
        HttpServerResponse out = ctx.response();
        String base = config.ingestUrl().toString().replaceAll("/+$", "");
        String target = base + in.path();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(target)
                .setTimeout(config.stowTimeout().toMillis());
        for (CharSequence h : REQUEST_HEADERS) {
            String v = in.getHeader(h);
            if (v != null) {
                options.putHeader(h, v);
            }
        }
        options.putHeader(HttpHeaders.AUTHORIZATION, authorization);
        SecurityIdentity caller = caller(ctx);
        if (caller != null) {
            options.putHeader(FORWARDED_USER, caller.getPrincipal().getName());
        }
        String from = remoteAddress(in);
        if (from != null) {
            options.putHeader("X-Forwarded-For", from);
        }
        client.request(options).onFailure(e -> unavailable(ctx, target, e)).onSuccess(req -> {
            if (in.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                req.setChunked(true);
            }
            req.send(in).onFailure(e -> unavailable(ctx, target, e)).onSuccess(resp -> {
                if (resp.statusCode() == 401) {
                    // ingest no longer accepts the cached token (e.g. its keys rotated): fetch a new one next time
                    serviceTokens.invalidate();
                }
                audit(ctx, resp.statusCode(), "STOW-RS forwarded to ingest-service: HTTP " + resp.statusCode());
                relay(resp, out);
            });
        });
    }

    private static void relay(HttpClientResponse resp, HttpServerResponse out) {
        out.setStatusCode(resp.statusCode());
        for (CharSequence h : RESPONSE_HEADERS) {
            String v = resp.getHeader(h);
            if (v != null) {
                out.putHeader(h, v);
            }
        }
        if (resp.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            out.setChunked(true);
        }
        resp.pipeTo(out);
    }

    private void noServiceToken(RoutingContext ctx, Throwable e) {
        LOG.errorf("STOW-RS not forwarded: no client-credentials token for ingest-service: %s", e.toString());
        audit(
                ctx,
                503,
                "STOW-RS not forwarded: no service token: " + e.getClass().getSimpleName());
        HttpServerResponse out = ctx.response();
        if (!out.headWritten()) {
            out.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .end("ingest-service unavailable: no service token\n");
        }
    }

    private void unavailable(RoutingContext ctx, String target, Throwable e) {
        LOG.warnf("STOW-RS forward to %s failed: %s", target, e.toString());
        HttpServerResponse out = ctx.response();
        if (!out.headWritten()) {
            audit(
                    ctx,
                    503,
                    "STOW-RS forward to ingest-service failed: " + e.getClass().getSimpleName());
            out.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .end("ingest-service unavailable: " + e.getMessage() + "\n");
        } else {
            out.reset();
        }
    }

    /** One "DICOM Instances Transferred" record per STOW-RS request, with the caller's identity. */
    private void audit(RoutingContext ctx, int status, String detail) {
        HttpServerRequest in = ctx.request();
        SecurityIdentity caller = caller(ctx);
        Principal p = caller == null ? null : caller.getPrincipal();
        audit.record(AuditEvent.of(AuditEventType.DICOM_INSTANCES_TRANSFERRED)
                .outcome(AuditOutcome.ofHttpStatus(status))
                .user(p == null ? null : p.getName())
                .client(p instanceof JsonWebToken jwt ? jwt.getClaim("azp") : null)
                .roles(
                        caller == null
                                ? List.of()
                                : caller.getRoles().stream().sorted().toList())
                .from(remoteAddress(in))
                .study(ctx.pathParam("study"))
                .http("POST", in.path(), status)
                .detail(detail));
    }

    private static SecurityIdentity caller(RoutingContext ctx) {
        return ctx.user() instanceof QuarkusHttpUser u
                        && !u.getSecurityIdentity().isAnonymous()
                ? u.getSecurityIdentity()
                : null;
    }

    private static String remoteAddress(HttpServerRequest in) {
        SocketAddress a = in.remoteAddress();
        return a == null ? null : a.hostAddress();
    }
}
