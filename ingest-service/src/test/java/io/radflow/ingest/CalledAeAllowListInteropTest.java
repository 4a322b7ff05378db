package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.indexed;
import static io.radflow.ingest.IngestTestSupport.oneFile;
import static io.radflow.ingest.IngestTestSupport.sop;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.testing.Peers;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per called AE allow-lists ({@code radflow.ingest.dicom.called-aes."AE".*}) with dcmtk {@code storescu}:
 * {@code RADFLOW_X} accepts {@code ALPHA} and not {@code BETA}, {@code RADFLOW_Y} the other way round,
 * {@code GAMMA} is accepted by {@code RADFLOW_X} only from a host it does not come from, the default AE
 * {@code RADFLOW} keeps its own list, and an unknown called AE is rejected. Stored instances name the
 * called AE in their audit record; rejections are audited with the reason.
 */
@QuarkusTest
@TestProfile(CalledAeAllowListInteropTest.TwoMoreAes.class)
@QuarkusTestResource(DevStackResource.class)
class CalledAeAllowListInteropTest {
    /** Two called AEs besides the default one, each with its own calling AE titles and hosts. */
    public static class TwoMoreAes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "radflow.ingest.dicom.called-aes.\"RADFLOW_X\".accepted-calling-ae-titles", "ALPHA,GAMMA",
                    "radflow.ingest.dicom.called-aes.\"RADFLOW_X\".accepted-hosts.\"GAMMA\"", "192.0.2.10",
                    "radflow.ingest.dicom.called-aes.\"RADFLOW_Y\".accepted-calling-ae-titles", "BETA",
                    "radflow.ingest.dicom.called-aes.\"RADFLOW_Y\".accepted-hosts.\"BETA\"", "127.0.0.1");
        }
    }

    @Inject
    AgroalDataSource ds;

    @Test
    void eachCalledAeAcceptsOnlyItsOwnCallers() throws Exception {
        assertStored(Storescu.as("ALPHA").to("RADFLOW_X"), 841, "RADFLOW_X");
        assertStored(Storescu.as("BETA").to("RADFLOW_Y"), 842, "RADFLOW_Y");

        assertRejected(Storescu.as("BETA").to("RADFLOW_X"), 843, "Calling AE Title Not Recognized");
        assertRejected(Storescu.as("ALPHA").to("RADFLOW_Y"), 844, "Calling AE Title Not Recognized");
        Map<String, Object> row = AuditRows.awaitOne(
                ds, "user_id = 'ALPHA' AND event_id = '110114' AND detail LIKE '%to RADFLOW_Y rejected%'");
        assertThat(row).containsEntry("outcome", 4).containsEntry("network_access_point", "127.0.0.1");
        assertThat((String) row.get("detail")).contains("calling AE title not on the allow-list of RADFLOW_Y");
    }

    @Test
    void hostsAreCheckedPerCalledAe() throws Exception {
        assertRejected(Storescu.as("GAMMA").to("RADFLOW_X"), 845, "Calling AE Title Not Recognized");
        assertThat((String) AuditRows.awaitOne(ds, "user_id = 'GAMMA' AND event_id = '110114'")
                        .get("detail"))
                .contains("to RADFLOW_X rejected: address not allowed for this calling AE title");
    }

    @Test
    void theDefaultAeKeepsItsListAndUnknownCalledAesAreRejected() throws Exception {
        assertStored(Storescu.as("STORESCU"), 846, "RADFLOW");
        assertRejected(Storescu.as("ALPHA"), 847, "Calling AE Title Not Recognized");
        assertRejected(Storescu.as("ALPHA").to("RADFLOW_Z"), 848, "Called AE Title Not Recognized");
        AuditRows.awaitOne(ds, "user_id = 'ALPHA' AND event_id = '110114' AND detail LIKE '%to RADFLOW_Z rejected%'");
    }

    private void assertStored(Storescu sender, long seed, String calledAe) throws Exception {
        Path file = oneFile(seed);
        Peers.Result r = sender.send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(indexed(ds, file)).isEqualTo(1);
        assertThat((String) AuditRows.awaitOne(ds, "detail LIKE ?", "C-STORE stored sop=" + sop(file) + "%")
                        .get("detail"))
                .contains("calledAE=" + calledAe);
    }

    private void assertRejected(Storescu sender, long seed, String reason) throws Exception {
        Path file = oneFile(seed);
        Peers.Result r = sender.send(IngestTestSupport.DICOM_PORT, List.of(file));
        assertThat(r.exitCode()).as(r.output()).isNotZero();
        assertThat(r.output()).containsIgnoringCase(reason);
        assertThat(indexed(ds, file)).isZero();
    }
}
