package io.radflow.labeling.config;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Folders the Maven build writes next to the application (the web apps served as static files). */
public final class BuildFolders {
    private static final Logger LOG = Logger.getLogger(BuildFolders.class);

    private BuildFolders() {}

    /**
     * {@code folder} below the build's {@code target} directory that holds the application (its
     * classes or its packaged jar), e.g. {@code ohif/dist}; empty when the application does not run
     * from a build (a container image names its folders in the configuration).
     */
    public static Optional<Path> besideTheApplication(String folder) {
        try {
            Path p = Path.of(BuildFolders.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (d.getFileName() != null && d.getFileName().toString().equals("target")) {
                    return Optional.of(d.resolve(folder));
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            LOG.debug("cannot locate the application", e);
        }
        return Optional.empty();
    }
}
