package io.radflow.inference.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.events.EventType;
import io.radflow.events.StudyEvent;
import io.radflow.events.StudyEvents;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.testsupport.DevStackResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash: the packaged inference service ({@code java -jar target/quarkus-app/quarkus-run.jar}) is
 * killed with SIGKILL while it runs a job (a 40-slice abdominal CT from Orthanc), and started again:
 * the job runs again (queued again at start: the same host's RUNNING jobs), one completed event is
 * published, and the archive ends with exactly one result series for the study (result UIDs derive
 * from the job key, so a SEG or SR stored before the kill is the same instance again).
 */
class InferenceCrashRecoveryIT {
    static final int HTTP = Integer.getInteger("radflow.test.crash-http-port", 28383);
    static final Path WORK = Path.of("target", "crash").toAbsolutePath();
    static final String TOPIC = "radflow.study-events.crash-test";
    static final String SCHEMA = "inference_crash";

    Process service;
    OrthancPeer orthanc;

    @AfterEach
    void stop() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        if (orthanc != null) {
            orthanc.close();
        }
    }

    Process startService(String log) throws Exception {
        return InferenceProcess.start(HTTP, WORK.resolve(log), orthanc, TOPIC, "radflow-inference-crash", SCHEMA);
    }

    @Test
    void killedDuringAJobItRunsAgainAndTheArchiveHoldsOneResultSeries() throws Exception {
        Files.createDirectories(WORK);
        DevStackResource.ensureStarted();
        orthanc = OrthancPeer.start(WORK.resolve("orthanc"));
        GroundTruth truth = TestStudies.abdominalCt(6161, 40).writeTo(WORK.resolve("study"));
        List<Path> files = Events.storeInto(orthanc, truth);
        StudyEvent study = Events.study(files, 1);

        service = startService("inference-1.log");
        try (var consumer = Events.inferenceConsumer()) {
            Events.publish(TOPIC, study, UUID.randomUUID().toString());
            awaitRunning(study.studyInstanceUID());
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-job
            service = startService("inference-2.log");
            var got = Events.await(consumer, Duration.ofSeconds(300), l -> l.stream()
                    .anyMatch(r -> r.event().studyInstanceUID().equals(study.studyInstanceUID())));
            var mine = got.stream()
                    .filter(r -> r.event().studyInstanceUID().equals(study.studyInstanceUID()))
                    .toList();
            assertThat(mine)
                    .as(Files.readString(WORK.resolve("inference-2.log")))
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.headers().type()).isEqualTo(EventType.INFERENCE_COMPLETED);
                    });
            assertThat(attempts(study.studyInstanceUID())).isGreaterThanOrEqualTo(2);
            String series = orthanc.get(
                            "/dicom-web/studies/" + study.studyInstanceUID() + "/series",
                            "Accept",
                            "application/dicom+json")
                    .body();
            List<String> seriesUids = new ArrayList<>();
            StudyEvents.mapper()
                    .readTree(series)
                    .forEach(n -> seriesUids.add(
                            n.path("0020000E").path("Value").path(0).asText()));
            // the study's two CT series (thin and thick) and one result series with the SEG and the SR
            assertThat(seriesUids)
                    .hasSize(3)
                    .containsOnlyOnce(mine.get(0).event().resultSeriesInstanceUID());
            String instances = orthanc.get(
                            "/dicom-web/studies/" + study.studyInstanceUID() + "/series/"
                                    + mine.get(0).event().resultSeriesInstanceUID() + "/instances",
                            "Accept",
                            "application/dicom+json")
                    .body();
            assertThat(StudyEvents.mapper().readTree(instances)).hasSize(2);
        }
    }

    private static void awaitRunning(String study) {
        org.awaitility.Awaitility.await("the job of " + study + " running")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "RUNNING".equals(status(study)));
    }

    private static String status(String study) throws Exception {
        return query("SELECT status FROM " + SCHEMA + ".job WHERE study_uid = ? AND pipeline <> 'none'", study);
    }

    private static int attempts(String study) throws Exception {
        return Integer.parseInt(
                query("SELECT attempts FROM " + SCHEMA + ".job WHERE study_uid = ? AND pipeline <> 'none'", study));
    }

    private static String query(String sql, String study) throws Exception {
        String url =
                "jdbc:postgresql://127.0.0.1:" + DevStackResource.postgres().port() + "/radflow";
        try (var c = DriverManager.getConnection(url, "postgres", "");
                var st = c.prepareStatement(sql)) {
            st.setString(1, study);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            return null; // the schema may not exist yet
        }
    }
}
