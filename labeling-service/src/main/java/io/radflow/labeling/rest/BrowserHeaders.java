package io.radflow.labeling.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.radflow.labeling.config.DicomWebConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Cross-origin isolation headers on every response (PS3.18 does not cover them; OHIF's MPR needs
 * {@code SharedArrayBuffer}, which browsers only grant to cross-origin isolated pages): {@code
 * Cross-Origin-Opener-Policy: same-origin}, {@code Cross-Origin-Embedder-Policy: require-corp},
 * and {@code Cross-Origin-Resource-Policy: cross-origin} so that an isolated viewer on another
 * origin may still load DICOMweb resources. Off with {@code
 * radflow.dicomweb.browser.cross-origin-isolation=false}. CORS itself is Quarkus'
 * ({@code quarkus.http.cors.*}).
 */
@ApplicationScoped
public class BrowserHeaders {
    private final boolean isolation;

    public BrowserHeaders(DicomWebConfig config) {
        this.isolation = config.browser().crossOriginIsolation();
    }

    void register(@Observes Filters filters) {
        if (!isolation) {
            return;
        }
        filters.register(
                rc -> {
                    var h = rc.response().headers();
                    h.set("Cross-Origin-Opener-Policy", "same-origin");
                    h.set("Cross-Origin-Embedder-Policy", "require-corp");
                    h.set("Cross-Origin-Resource-Policy", "cross-origin");
                    rc.next();
                },
                100);
    }
}
