package io.radflow.labeling.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.service.security.Roles;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Role matrix of STOW-RS at the labeling root (a Vert.x route guarded by the HTTP permission {@code
 * radflow-stow}): annotator and admin store (forwarded to the loopback stand-in for ingest, 200); every
 * other role, pacs included, gets 403 here.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class StowSecurityTest extends SecurityContract {
    private static final String TYPE = "multipart/related; type=\"application/dicom\"; boundary=b";
    private static final byte[] BODY =
            "--b\r\nContent-Type: application/dicom\r\n\r\nx\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected List<SecuredEndpoint> endpoints() {
        return List.of(
                SecuredEndpoint.post("/dicomweb/studies", TYPE, BODY, Roles.ANNOTATOR, Roles.ADMIN),
                SecuredEndpoint.post("/dicomweb/studies/1.2.3.4", TYPE, BODY, Roles.ANNOTATOR, Roles.ADMIN));
    }
}
