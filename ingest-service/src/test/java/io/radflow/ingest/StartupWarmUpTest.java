package io.radflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.ingest.receive.StartupWarmUp;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up runs synthetic instances through the C-STORE path and leaves nothing behind: no
 * patient, study, series or instance row, no outbox event, no archive file, no staging file.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class StartupWarmUpTest {
    @Inject
    AgroalDataSource ds;

    @Inject
    StartupWarmUp warmUp;

    @Test
    void rehearsedInstancesLeaveNoTrace() throws Exception {
        String counts = counts();
        long files = archiveFiles();
        assertThat(warmUp.done())
                .as("off in the test profile: nothing ran at start")
                .isTrue();

        // three studies of 100: each variant of the synthetic CT (character sets, signed pixels) accepted
        assertThat(warmUp.run(250, Duration.ofSeconds(120)))
                .as("every rehearsal ran")
                .isEqualTo(250);

        assertThat(counts()).isEqualTo(counts);
        assertThat(archiveFiles()).isEqualTo(files);
        try (Stream<Path> s = Files.walk(Path.of("target", "archive", ".incoming"))) {
            assertThat(s.filter(p -> p.toString().endsWith(".part")))
                    .as("staging files discarded")
                    .isEmpty();
        }
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM ingest.patient WHERE patient_id = 'RADFLOW-WARMUP'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        try (Connection c = ds.getConnection();
                var ps = c.prepareStatement("SELECT (SELECT count(*) FROM ingest.outbox WHERE aggregate_id = ?)"
                        + " + (SELECT count(*) FROM ingest.study WHERE study_iuid = ?)")) {
            assertThat(warmUp.lastStudy()).isNotNull();
            ps.setString(1, warmUp.lastStudy());
            ps.setString(2, warmUp.lastStudy());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("no event, no study row").isZero();
            }
        }
    }

    private String counts() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            for (String table : new String[] {"patient", "study", "series", "instance"}) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM ingest." + table)) {
                    rs.next();
                    b.append(table).append('=').append(rs.getLong(1)).append(' ');
                }
            }
        }
        return b.toString();
    }

    private static long archiveFiles() throws Exception {
        Path archive = Path.of("target", "archive");
        if (!Files.exists(archive)) {
            return 0; // the archive bean has not been created yet in this test JVM
        }
        try (Stream<Path> s = Files.walk(archive)) {
            return s.filter(p -> p.toString().endsWith(".dcm")).count();
        }
    }
}
