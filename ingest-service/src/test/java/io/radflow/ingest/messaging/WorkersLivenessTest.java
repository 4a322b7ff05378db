package io.radflow.ingest.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Tag;
import io.radflow.ingest.IngestTestSupport;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Liveness reports the background workers: UP while they run; DOWN when the outbox relay's thread has
 * ended (here: interrupted), so that an orchestrator restarts a service that would never publish again.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class WorkersLivenessTest {
    private static final String CHECK = "Ingest background workers";
    private static final String RELAY_STATE = "checks.find { it.name == '" + CHECK + "' }.data.outboxRelay";

    @Inject
    OutboxRelay relay;

    @Test
    void livenessGoesDownWhenTheRelayThreadEndsAndUpWhenItRunsAgain() throws Exception {
        assertLive(200, "UP");
        given().get("/q/health/live").then().body(RELAY_STATE, is("running"));

        Thread t = Thread.getAllStackTraces().keySet().stream()
                .filter(x -> x.getName().equals("outbox-relay"))
                .findFirst()
                .orElseThrow();
        t.interrupt();
        t.join(10_000);
        try {
            assertLive(503, "DOWN");
            given().get("/q/health/live").then().body(RELAY_STATE, is("stopped"));
        } finally {
            relay.stop(null);
            relay.start(null);
        }
        assertLive(200, "UP");
        given().get("/q/health/live").then().body(RELAY_STATE, is("running"));
        // and it publishes again
        List<Path> files =
                IngestTestSupport.files(IngestTestSupport.study(903, 1).dir());
        String study = IngestTestSupport.read(files.get(0)).getString(Tag.StudyInstanceUID);
        assertThat(IngestTestSupport.cstore("STORESCU", files))
                .allSatisfy(r -> assertThat(r.ok()).isTrue());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !IngestTestSupport.events(DevStackResource.kafka().bootstrapServers(), study)
                        .isEmpty());
    }

    private static void assertLive(int http, String status) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/live")
                .then()
                .statusCode(http)
                .body("checks.findAll { it.status == '" + status + "' }.name", hasItem(CHECK)));
    }
}
