package io.radflow.quantification.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.radflow.dicom.testing.OrthancPeer;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real Orthanc (Debian, with its DICOMweb plugin) as the archive the quantification service reads
 * the SEG and the L3 slice from (WADO-RS) and stores its SR to (STOW-RS), without tokens; quick
 * retries.
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
            Path dir = Path.of("target/orthanc-archive").toAbsolutePath();
            if (java.nio.file.Files.exists(dir)) { // a fresh archive each run, as the database is
                try (var s = java.nio.file.Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder())
                            .forEach(f -> f.toFile().delete());
                }
            }
            orthanc = OrthancPeer.start(dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "radflow.quantification.dicomweb.url", orthanc.dicomWebRoot(),
                "radflow.quantification.dicomweb.stow-url", orthanc.dicomWebRoot(),
                "radflow.quantification.dicomweb.service-token", "false",
                "radflow.quantification.max-attempts", "2",
                "radflow.quantification.retry-backoff", "PT1S");
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
