package io.radflow.labeling.stow;

import io.radflow.labeling.config.DicomWebConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * STOW-RS at the labeling DICOMweb root ({@code POST /dicomweb/studies[/{study}]}), forwarded to
 * ingest-service's STOW-RS endpoint so that durability, de-duplication and study events are exactly
 * ingest's. The request body is piped to ingest as it arrives (back-pressured, never buffered);
 * ingest's status, headers and response body are passed back unchanged.
 */
@ApplicationScoped
public class StowForwarder {
    private static final Logger LOG = Logger.getLogger(StowForwarder.class);
    private static final List<CharSequence> REQUEST_HEADERS = List.of(
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.CONTENT_LENGTH,
            HttpHeaders.ACCEPT,
            HttpHeaders.AUTHORIZATION,
            "X-Correlation-Id");
    private static final List<CharSequence> RESPONSE_HEADERS =
            List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_LENGTH, "Warning", HttpHeaders.LOCATION);

    private final DicomWebConfig config;
    private final HttpClient client;

    public StowForwarder(DicomWebConfig config, Vertx vertx) {
        this.config = config;
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
        HttpServerResponse out = ctx.response();
        in.pause();
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
        client.request(options).onFailure(e -> unavailable(out, target, e)).onSuccess(req -> {
            if (in.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
                req.setChunked(true);
            }
            req.send(in).onFailure(e -> unavailable(out, target, e)).onSuccess(resp -> relay(resp, out));
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

    private static void unavailable(HttpServerResponse out, String target, Throwable e) {
        LOG.warnf("STOW-RS forward to %s failed: %s", target, e.toString());
        if (!out.headWritten()) {
            out.setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
                    .end("ingest-service unavailable: " + e.getMessage() + "\n");
        } else {
            out.reset();
        }
    }
}
