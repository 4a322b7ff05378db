package io.radflow.inference.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.dicom.testing.OrthancPeer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Orthanc (Debian, with its DICOMweb plugin) as the hospital archive the inference service
 * reads series from (WADO-RS) and stores results to (STOW-RS), without tokens; the committed demo
 * models; quick retries.
 */
public class OrthancArchiveResource implements QuarkusTestResourceLifecycleManager {
    private static OrthancPeer orthanc;

    /** The running Orthanc. */
    public static OrthancPeer orthanc() {
        return orthanc;
    }

    @Override
    public Map<String, String> start() {
        try {
            orthanc = OrthancPeer.start(Path.of("target/orthanc-archive").toAbsolutePath());
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
