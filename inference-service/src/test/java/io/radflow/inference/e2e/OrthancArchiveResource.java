package io.radflow.inference.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.dicom.testing.OrthancPeer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Orthanc (Debian, with its DICOMweb plugin) as the hospital archive the inference service
 * reads series from (WADO-RS) and stores results to (STOW-RS), without tokens; the committed demo
 * models; quick retries (1 s, doubling, six attempts).
 */
public class OrthancArchiveResource implements QuarkusTestResourceLifecycleManager {
    private static OrthancPeer orthanc;

    private static final Path DIR = Path.of("target/orthanc-archive").toAbsolutePath();

    /** The running Orthanc. */
    public static OrthancPeer orthanc() {
        return orthanc;
    }

    /** Stops Orthanc (the archive is down), keeping its data. */
    public static void stopArchive() throws Exception {
        orthanc.close();
    }

    /** Starts it again on the same ports with the same data. */
    public static void startArchive() throws Exception {
        orthanc = OrthancPeer.start(DIR, orthanc.httpPort, orthanc.dicomPort);
    }

    @Override
    public Map<String, String> start() {
        try {
            orthanc = OrthancPeer.start(DIR);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "radflow.inference.dicomweb.url",
                orthanc.dicomWebRoot(),
                "radflow.inference.dicomweb.stow-url",
                orthanc.dicomWebRoot(),
                "radflow.inference.dicomweb.service-token",
                "false",
                "radflow.inference.model-dir",
                Path.of("../models").toAbsolutePath().normalize().toString(),
                "radflow.inference.max-attempts",
                "2",
                "radflow.inference.retry-backoff",
                "PT1S");
    }

    @Override
    public void stop() {
        if (orthanc != null) {
            try {
                orthanc.close();
            } catch (Exception e) {
                // the JVM is ending
            }
        }
    }
}
