package io.radflow.labeling.labelapp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.labeling.config.LabelAppConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the labeling web app (TypeScript on Cornerstone3D, built by Vite in the Maven build into
 * {@code labeling-service/target/label-app/dist}; sources in {@code src/main/label-app}) at {@code
 * /label/}, and its settings at {@code /label/config.json}: the OIDC issuer and client it logs in
 * with, the same-origin DICOMweb and API roots, the quantification service's URL. Hashed bundles are
 * cached for a year, {@code index.html} and the settings are revalidated. The files are public: the app
 * logs in itself and sends its token with every request.
 */
@ApplicationScoped
public class LabelAppRoutes {
    private static final Logger LOG = Logger.getLogger(LabelAppRoutes.class);

    private final Optional<Path> dir;
    private final String settings;
    private final String policy;

    public LabelAppRoutes(
            LabelAppConfig config, @ConfigProperty(name = "radflow.oidc.issuer") String issuer, ObjectMapper json) {
        this.dir =
                config.dir().or(() -> io.radflow.labeling.config.BuildFolders.besideTheApplication("label-app/dist"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("issuer", issuer);
        s.put("clientId", config.clientId());
        s.put("refreshBeforeSeconds", config.renewBeforeExpiry().toSeconds());
        s.put("dicomWebRoot", "/dicomweb");
        s.put("apiRoot", "/api/v1");
        s.put("quantificationUrl", config.quantificationUrl());
        s.put("viewerPath", "/viewer/");
        // what the page may load and call: its own files, the login server, the quantification service;
        // WebAssembly for the image codecs; images it makes itself (blob:, data:)
        this.policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
                + "connect-src 'self' " + origin(issuer) + " " + origin(config.quantificationUrl()) + "; "
                + "img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
                + "base-uri 'self'; frame-ancestors 'none'; form-action 'self' " + origin(issuer);
        try {
            this.settings = json.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** scheme://host[:port] of a URL. */
    static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getAuthority();
    }

    /** The app's folder, or empty when it was not built. */
    public Optional<Path> dir() {
        return dir.filter(d -> Files.isRegularFile(d.resolve("index.html")));
    }

    void register(@Observes Router router) {
        router.get("/label").handler(rc -> {
            if (rc.request().path().equals("/label")) {
                rc.redirect("/label/");
            } else {
                rc.next();
            }
        });
        router.get("/label/config.json").handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache")
                .end(settings));
        Optional<Path> d = dir();
        if (d.isEmpty()) {
            LOG.warnf(
                    "labeling web app not found (%s): /label/ is not served; build labeling-service",
                    dir.map(Path::toString).orElse("no folder"));
            router.get("/label/*").handler(rc -> rc.response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("The labeling web app was not built: run ./mvnw -pl labeling-service -am package\n"));
            return;
        }
        String root = d.get().toAbsolutePath().toString();
        LOG.infof("labeling web app served at /label/ from %s", root);
        router.get("/label/*").handler(rc -> {
            String p = rc.normalizedPath();
            boolean hashed = p.startsWith("/label/assets/");
            rc.response()
                    .putHeader("Cache-Control", hashed ? "public, max-age=31536000, immutable" : "no-cache")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer");
            if (!hashed) {
                rc.response().putHeader("X-Frame-Options", "DENY").putHeader("Content-Security-Policy", policy);
            }
            rc.next();
        });
        router.get("/label/*")
                .handler(StaticHandler.create(FileSystemAccess.ROOT, root)
                        .setCachingEnabled(true)
                        .setSendVaryHeader(false)
                        .setDefaultContentEncoding("UTF-8")
                        .setIndexPage("index.html"));
    }
}
