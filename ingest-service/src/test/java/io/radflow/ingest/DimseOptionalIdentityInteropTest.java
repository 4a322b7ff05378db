package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.indexed;
import static io.radflow.ingest.IngestTestSupport.oneFile;
import static io.radflow.ingest.IngestTestSupport.sop;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.testing.Peers;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JWT user identity in the default mode {@code optional} (the local stack's), with dcmtk {@code storescu}:
 * an association without identity stores (AE title allow-list only), one with a valid pacs token stores
 * and is audited with the token's user, one with a tampered or expired token is rejected.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DimseOptionalIdentityInteropTest {
    @Inject
    AgroalDataSource ds;

    @Test
    void withoutIdentityTheAllowListDecides() throws Exception {
        Path file = oneFile(831);
        Peers.Result r = Storescu.as("STORESCU").send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(indexed(ds, file)).isEqualTo(1);
        assertThat(AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE stored sop=" + sop(file) + "%"))
                .containsEntry("user_id", "STORESCU");
    }

    @Test
    void aValidTokenNamesTheSender() throws Exception {
        Path file = oneFile(832);
        Peers.Result r = Storescu.as("STORESCU")
                .jwt(IngestTestSupport.pacsToken())
                .send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(indexed(ds, file)).isEqualTo(1);
        assertThat(AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE stored sop=" + sop(file) + "%"))
                .containsEntry("user_id", IngestTestSupport.PACS_USER)
                .containsEntry("client_id", "pacs-gateway");
    }

    @Test
    void anInvalidTokenIsRejectedEvenWhenOptional() throws Exception {
        Path file = oneFile(833);
        for (String token : List.of(TestTokens.tampered("pacs"), TestTokens.expired("pacs"))) {
            Peers.Result r = Storescu.as("STORESCU").jwt(token).send(IngestTestSupport.DICOM_PORT, List.of(file));
            assertThat(r.exitCode()).as(r.output()).isNotZero();
            assertThat(r.output()).containsIgnoringCase("Association Rejected");
        }
        assertThat(indexed(ds, file)).isZero();
    }
}
