package io.radflow.labeling.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request bodies of the labeling API ({@code /api/v1/...}) are bounded: the service-wide HTTP limit is
 * large because STOW-RS streams whole studies through, but a label save or a tool request is JSON of a
 * few kilobytes to megabytes. A body declared larger than {@code radflow.labeling.max-request-size}
 * (default 16 MB) gets 413 before it is read; one sent without a declared length gets 411.
 */
@ApplicationScoped
public class ApiBodyLimit {
    private final long limit;

    public ApiBodyLimit(
            @ConfigProperty(name = "radflow.labeling.max-request-size", defaultValue = "16777216") long limit) {
        this.limit = limit;
    }

    void register(@Observes Router router) {
        router.route("/api/v1/*").order(-10).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (m != HttpMethod.POST && m != HttpMethod.PUT && m != HttpMethod.PATCH) {
            ctx.next();
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            if (ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                refuse(ctx, 411, "send the request body with a Content-Length (at most " + limit + " bytes)");
                return;
            }
            ctx.next();
            return;
        }
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "Content-Length '" + length + "' is not a number");
            return;
        }
        if (n > limit) {
            refuse(ctx, 413, "request body of " + n + " bytes; the labeling API takes at most " + limit);
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"status\":" + status + ",\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
}
