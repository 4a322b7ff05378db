package io.radflow.labeling.warmup;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import io.radflow.service.security.Roles;
import io.radflow.service.security.VerifiedTokenCache;
import io.radflow.service.security.WarmUpIdentity;
import io.radflow.testsupport.AuditTable;
import io.radflow.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up of the frame path ({@link FrameWarmUp}; off in the test profile, run here by hand)
 * through real loopback HTTP requests: every frame request is answered 200, and afterwards nothing of it
 * is left — its token is refused, its synthetic UIDs are unknown (404 for a radiologist), its folder is
 * gone, and the audit trail, which records a real read made after it, has no record of it.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class FrameWarmUpTest {
    private static final String FRAMES = FrameWarmUp.OHIF_FRAMES;

    @Inject
    FrameWarmUp warmUp;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/")
    URI base;

    @Test
    void warmsTheFramePathAndLeavesNothingBehind() throws Exception {
        FrameWarmUp.Result r = warmUp.run(base, 150, Duration.ofMinutes(2));

        assertThat(r.failure()).isNull();
        assertThat(r.requests())
                .as("each answered 200 (the warm-up stops at the first other answer)")
                .isEqualTo(150);
        assertThat(r.sopInstanceUIDs()).hasSize(32);
        assertThat(r.folder()).doesNotExist();

        // the token is revoked: refused like any token no issuer signed
        given().auth()
                .oauth2(r.token())
                .accept("application/dicom+json")
                .get("/dicomweb/studies")
                .then()
                .statusCode(401);
        // the synthetic instances are unknown again
        String radiologist = TestTokens.forRole(Roles.RADIOLOGIST);
        given().auth()
                .oauth2(radiologist)
                .accept(FRAMES)
                .get("/dicomweb/studies/" + r.studyInstanceUID() + "/series/" + r.seriesInstanceUID() + "/instances/"
                        + r.sopInstanceUIDs().get(0) + "/frames/1")
                .then()
                .statusCode(404);

        // audit: a real read after the warm-up is recorded, the warm-up's requests are not (the only
        // record naming its study is the radiologist's 404 above)
        String user = "after-warm-up-" + UUID.randomUUID();
        var ct = TestData.ct();
        given().auth()
                .oauth2(TestTokens.of(user, Roles.RADIOLOGIST))
                .accept(FRAMES)
                .get("/dicomweb/studies/" + ct.info().studyInstanceUid() + "/series/"
                        + ct.series().get(0).seriesInstanceUid() + "/instances/"
                        + ct.series().get(0).sopInstanceUids().get(0) + "/frames/1")
                .then()
                .statusCode(200);
        AuditTable.awaitRow(dataSource, "user_id = ?", user);
        assertThat(AuditTable.rows(
                        dataSource,
                        "user_id = ? OR (study_instance_uid = ? AND http_status <> 404)",
                        WarmUpIdentity.NAME,
                        r.studyInstanceUID()))
                .isEmpty();
    }

    @Test
    void aWarmUpTokenIsAcceptedOnlyThroughTheServicesOwnCache() {
        // the same kind of token, put into another cache: the service has to verify it, and refuses it
        String token = WarmUpIdentity.issue(
                new VerifiedTokenCache(10, Duration.ofMinutes(1)), Duration.ofMinutes(1), Roles.RADIOLOGIST);
        given().auth()
                .oauth2(token)
                .accept("application/dicom+json")
                .get("/dicomweb/studies")
                .then()
                .statusCode(401);
    }

    @Test
    void readinessWaitsForTheWarmUp() {
        assertThat(warmUp.done())
                .as("off in the test profile: nothing to wait for")
                .isTrue();
        given().get("/q/health/ready").then().statusCode(200).body("checks.name", hasItem("Start-up warm-up"));
    }
}
