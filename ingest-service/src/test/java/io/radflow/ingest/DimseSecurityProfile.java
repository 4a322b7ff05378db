package io.radflow.ingest;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The DICOM listener as a security-minded hospital runs it: a DICOM TLS port with server and required
 * client certificates (made by {@link TestCertificates} at start) and a required JWT user identity.
 */
public class DimseSecurityProfile implements QuarkusTestProfile {
    static TestCertificates certificates;

    /** The certificates of this JVM, made once (Quarkus asks for the overrides more than once). */
    static synchronized TestCertificates certificates() {
        if (certificates == null) {
            certificates = TestCertificates.generate();
        }
        return certificates;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        TestCertificates c = certificates();
        return Map.of(
                "radflow.ingest.dicom.user-identity",
                "required",
                "radflow.ingest.dicom.tls.enabled",
                "true",
                "radflow.ingest.dicom.tls.key-store",
                c.serverKeyStore().toString(),
                "radflow.ingest.dicom.tls.key-store-password",
                c.password(),
                "radflow.ingest.dicom.tls.trust-store",
                c.ca().toString(),
                "radflow.ingest.dicom.tls.client-auth",
                "required");
    }
}
