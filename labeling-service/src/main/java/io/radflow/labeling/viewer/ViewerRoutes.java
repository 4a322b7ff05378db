package io.radflow.labeling.viewer;

import io.radflow.labeling.config.DicomWebConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Serves the OHIF viewer (npm {@code @ohif/app}, its prebuilt {@code dist/}, unpacked and adapted
 * for {@code /viewer/} by the Maven build into {@code labeling-service/target/ohif/dist}) at {@code
 * /viewer/}. Hashed bundles are cached for a year; {@code index.html} and {@code app-config.js}
 * are revalidated; unknown paths below {@code /viewer/} are the viewer's own routes and get {@code
 * index.html}.
 */
@ApplicationScoped
public class ViewerRoutes {
    private static final Logger LOG = Logger.getLogger(ViewerRoutes.class);

    private final Optional<Path> dir;

    public ViewerRoutes(DicomWebConfig config) {
        this.dir = config.viewerDir().or(ViewerRoutes::besideTheApplication);
    }

    /** The viewer's folder, or empty when it was not built. */
    public Optional<Path> dir() {
        return dir.filter(d -> Files.isRegularFile(d.resolve("index.html")));
    }

    void register(@Observes Router router) {
        Optional<Path> d = dir();
        if (d.isEmpty()) {
            LOG.warnf(
                    "OHIF viewer not found (%s): /viewer/ is not served; build labeling-service to fetch it",
                    dir.map(Path::toString).orElse("no folder"));
            router.get("/viewer/*").handler(rc -> rc.response()
                    .setStatusCode(503)
                    .putHeader("Content-Type", "text/plain; charset=UTF-8")
                    .end("The OHIF viewer was not built: run ./mvnw -pl labeling-service -am package\n"));
            return;
        }
        String root = d.get().toAbsolutePath().toString();
        LOG.infof("OHIF viewer served at /viewer/ from %s", root);
        router.get("/viewer").handler(rc -> {
            if (rc.request().path().equals("/viewer")) {
                rc.redirect("/viewer/");
            } else {
                rc.next();
            }
        });
        router.get("/viewer/*").handler(rc -> {
            String p = rc.normalizedPath();
            boolean revalidate = p.equals("/viewer/")
                    || p.endsWith(".html")
                    || p.endsWith("app-config.js")
                    || p.endsWith("sw.js")
                    || !p.substring(p.lastIndexOf('/') + 1).contains(".");
            rc.response().putHeader("Cache-Control", revalidate ? "no-cache" : "public, max-age=31536000, immutable");
            rc.next();
        });
        router.get("/viewer/*")
                .handler(StaticHandler.create(FileSystemAccess.ROOT, root)
                        .setCachingEnabled(true)
                        .setSendVaryHeader(false)
                        .setDefaultContentEncoding("UTF-8")
                        .setIndexPage("index.html"));
        Path index = d.get().resolve("index.html");
        router.get("/viewer/*").handler(rc -> {
            String last = rc.normalizedPath().substring(rc.normalizedPath().lastIndexOf('/') + 1);
            if (last.contains(".")) {
                rc.next(); // a missing asset stays 404
            } else {
                rc.response()
                        .putHeader("Content-Type", "text/html; charset=UTF-8")
                        .sendFile(index.toString());
            }
        });
    }

    private static Optional<Path> besideTheApplication() {
        try {
            Path p = Path.of(ViewerRoutes.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (d.getFileName() != null && d.getFileName().toString().equals("target")) {
                    return Optional.of(d.resolve("ohif/dist"));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("cannot locate the application", e);
        }
        return Optional.empty();
    }
}
