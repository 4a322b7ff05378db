package io.radflow.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.service.security.Roles;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.SecuredEndpoint;
import io.radflow.testsupport.SecurityContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ingest service's role matrix (docs/security.md) with offline-signed test tokens: STOW-RS, at the
 * root and at a study, is for {@code pacs} and {@code admin} only (an allowed role stores the same
 * instance again: an idempotent 200).
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class IngestSecurityTest extends SecurityContract {
    @Override
    protected List<SecuredEndpoint> endpoints() {
        try {
            Path file = IngestTestSupport.files(IngestTestSupport.study(801, 1).dir())
                    .get(0);
            String study = IngestTestSupport.read(file).getString(io.radflow.dicom.data.Tag.StudyInstanceUID);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            String boundary;
            try (MultipartWriter w = new MultipartWriter(body)) {
                boundary = w.boundary();
                w.writePart("application/dicom", Files.readAllBytes(file));
                w.finish();
            }
            String type = "multipart/related; type=\"application/dicom\"; boundary=" + boundary;
            return List.of(
                    SecuredEndpoint.post("/dicomweb/studies", type, body.toByteArray(), Roles.PACS, Roles.ADMIN),
                    SecuredEndpoint.post(
                            "/dicomweb/studies/" + study, type, body.toByteArray(), Roles.PACS, Roles.ADMIN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
