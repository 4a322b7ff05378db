package io.radflow.labeling.viewer;

import io.radflow.labeling.config.DicomWebConfig;
import io.radflow.labeling.config.ViewerConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Serves the OHIF viewer (npm {@code @ohif/app}, its prebuilt {@code dist/}, unpacked and adapted
 * for {@code /viewer/} by the Maven build into {@code labeling-service/target/ohif/dist}) at {@code
 * /viewer/}. Hashed bundles are cached for a year; {@code index.html} and {@code app-config.js}
 * are revalidated; unknown paths below {@code /viewer/} are the viewer's own routes and get {@code
 * index.html}. {@code app-config.js} is the built one plus the login part generated from the
 * configuration ({@link ViewerAppConfig}). The files are public: the viewer logs in itself and sends
 * its token to {@code /dicomweb}.
 */
@ApplicationScoped
public class ViewerRoutes {
    private static final Logger LOG = Logger.getLogger(ViewerRoutes.class);

    private final Optional<Path> dir;
    private final ViewerConfig.Login login;
    private final String issuer;

    public ViewerRoutes(
            DicomWebConfig config, ViewerConfig viewer, @ConfigProperty(name = "radflow.oidc.issuer") String issuer) {
        this.dir =
                config.viewerDir().or(() -> io.radflow.labeling.config.BuildFolders.besideTheApplication("ohif/dist"));
        this.login = viewer.login();
        this.issuer = issuer;
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
        String appConfig = ViewerAppConfig.script(read(d.get().resolve("app-config.js")), login, issuer);
        if (login.enabled()) {
            LOG.infof(
                    "OHIF viewer served at /viewer/ from %s; it logs in at %s as client %s",
                    root, issuer, login.clientId());
        } else {
            LOG.warnf(
                    "OHIF viewer served at /viewer/ from %s WITHOUT login (radflow.viewer.login.enabled=false)", root);
        }
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
        router.get("/viewer" + ViewerAppConfig.SIGNED_OUT).handler(rc -> rc.redirect("/viewer/"));
        router.get("/viewer/app-config.js").handler(rc -> rc.response()
                .putHeader("Content-Type", "text/javascript; charset=UTF-8")
                .end(appConfig));
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

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the viewer's " + file, e);
        }
    }
}
