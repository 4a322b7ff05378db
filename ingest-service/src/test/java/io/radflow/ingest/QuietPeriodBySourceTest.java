package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.count;
import static io.radflow.ingest.IngestTestSupport.cstore;
import static io.radflow.ingest.IngestTestSupport.dicomParts;
import static io.radflow.ingest.IngestTestSupport.oneFile;
import static io.radflow.ingest.IngestTestSupport.read;
import static io.radflow.ingest.IngestTestSupport.stow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.service.security.Roles;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quiet period per sender: the test profile gives calling AE {@code SLOWPACS} and the STOW client
 * {@code slow-gateway} (the token's {@code azp}) 8 s, everyone else the global 1 s. A study from a
 * slow sender must not be announced when one sent at the same time by a default sender is, and must be
 * announced later.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class QuietPeriodBySourceTest {
    @Inject
    AgroalDataSource ds;

    static String sql(String study, String column) {
        return "SELECT " + column + " FROM ingest.study WHERE study_iuid = '" + study + "'";
    }

    @Test
    void callingAeTitleHasItsOwnQuietPeriod() throws Exception {
        Path slow = oneFile(401);
        Path normal = oneFile(402);
        assertThat(cstore("SLOWPACS", List.of(slow)))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        assertThat(cstore("PACS", List.of(normal)))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        assertSlowAnnouncedAfterNormal(
                read(slow).getString(Tag.StudyInstanceUID), read(normal).getString(Tag.StudyInstanceUID));
    }

    @Test
    void stowClientHasItsOwnQuietPeriod() throws Exception {
        Path slow = oneFile(403);
        Path normal = oneFile(404);
        String slowToken = TestTokens.serviceAccount("slow-gateway", Roles.PACS);
        assertThat(stow("/dicomweb/studies", dicomParts(List.of(slow)), slowToken)
                        .statusCode())
                .isEqualTo(200);
        assertThat(stow("/dicomweb/studies", dicomParts(List.of(normal)), IngestTestSupport.pacsToken())
                        .statusCode())
                .isEqualTo(200);
        assertSlowAnnouncedAfterNormal(
                read(slow).getString(Tag.StudyInstanceUID), read(normal).getString(Tag.StudyInstanceUID));
    }

    private void assertSlowAnnouncedAfterNormal(String slowStudy, String normalStudy) throws Exception {
        assertThat(count(ds, sql(slowStudy, "quiet_period_ms"))).isEqualTo(8000);
        assertThat(count(ds, sql(normalStudy, "quiet_period_ms"))).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(ds, sql(normalStudy, "version")) == 1);
        assertThat(count(ds, sql(slowStudy, "version")))
                .as("the slow sender's study is still within its quiet period")
                .isZero();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(ds, sql(slowStudy, "version")) == 1);
        assertThat(count(
                        ds,
                        "SELECT count(*) FROM ingest.study WHERE study_iuid = '" + slowStudy
                                + "' AND announced_at - last_received_at >= interval '8 seconds'"))
                .as("announced no earlier than 8 s after its last instance")
                .isEqualTo(1);
    }
}
