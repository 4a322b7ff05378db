package io.radflow.quantification.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.events.EventType;
import io.radflow.events.QuantificationEvent;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.testsupport.DevStackResource;
import io.radflow.testsupport.KeycloakResource;
import io.radflow.testsupport.RadflowStackResource;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Radflow next to a hospital PACS, without any manual step: a real Orthanc (the PACS) sends an
 * abdominal CT by C-STORE to the packaged ingest-service; the packaged inference-service runs the
 * body-composition demo model and stores its SEG; the quantification service under test consumes
 * the completed event, reads the SEG and the L3 slice from the packaged labeling-service with its
 * Keycloak token, and stores its SR through ingest. The SR is then found by QIDO-RS at the labeling
 * service and is valid for dciodvfy; the JSON's areas are within 3 % of the phantom's truth (the demo
 * model's masks) and the spreadsheet is served.
 */
@QuarkusTest
@TestProfile(PacsToBodyCompositionIT.Profile.class)
class PacsToBodyCompositionIT {
    /**
     * The real Keycloak, ingest, labeling, inference and the PACS; none of the module's Orthanc archive.
     * Shared with {@link LabelAppWorkflowIT} (one stack for both).
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DevStackResource.class), new TestResourceEntry(Stack.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** Inference runs as a process; this service reads from labeling and stores to ingest. */
    public static class Stack extends RadflowStackResource {
        @Override
        protected boolean withInference() {
            return true;
        }

        @Override
        protected Map<String, String> serviceConfig() {
            return Map.of(
                    "radflow.quantification.dicomweb.url", dicomWeb(),
                    "radflow.quantification.dicomweb.stow-url", stowUrl(),
                    "radflow.quantification.dicomweb.service-token", "true",
                    // the labeling web app (LabelAppWorkflowIT) calls this service from the labeling origin
                    "quarkus.http.cors.origins", labelingOrigin());
        }

        @Override
        protected List<String> labelingOptions() {
            return List.of("-Dradflow.label-app.quantification-url=http://127.0.0.1:"
                    + Integer.getInteger("quarkus.http.test-port", 28083));
        }
    }

    @TempDir
    static Path tmp;

    @Test
    void anAbdominalCtFromThePacsIsMeasuredWithoutAnyManualStep() throws Exception {
        GroundTruth truth = TestStudies.abdominalCt(7401, 12).writeTo(tmp.resolve("abdomen"));
        String study = truth.info().studyInstanceUid();
        try (var consumer = BodyCompositionOrthancTest.consumer()) {
            List<Path> files;
            try (var s = Files.walk(truth.dir())) {
                files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
            }
            RadflowStackResource.forward(files, study);
            QuantificationEvent ev = BodyCompositionOrthancTest.awaitEvent(
                    consumer, e -> e.studyInstanceUID().equals(study));
            assertThat(ev.eventType()).as(ev.reason()).isEqualTo(EventType.QUANTIFICATION_COMPLETED);
            assertThat(ev.demo()).isTrue();

            String token = KeycloakResource.passwordToken("researcher", "researcher");
            JsonPath j = given().auth()
                    .oauth2(token)
                    .get("/api/v1/studies/{s}/body-composition", study)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            CtGroundTruth.SliceTruth l3 = truth.primaryCt().slices().stream()
                    .filter(x -> x.sopInstanceUid().equals(j.getString("result.l3.sopInstanceUid")))
                    .findFirst()
                    .orElseThrow();
            assertThat(Math.abs(l3.index() - truth.primaryCt().l3SliceIndex()))
                    .as("L3 within one slice")
                    .isLessThanOrEqualTo(1);
            double muscle = j.getDouble("result.tissues.find { it.tissue == 'SKELETAL_MUSCLE' }.areaCm2");
            assertThat(muscle).isCloseTo(l3.skeletalMuscleAreaCm2(), within(0.03 * l3.skeletalMuscleAreaCm2()));
            given().auth()
                    .oauth2(token)
                    .get("/api/v1/studies/{s}/body-composition.xlsx", study)
                    .then()
                    .statusCode(200);

            // the SR is in the archive, found through the labeling service like any instance
            DicomWebClient labeling = new DicomWebClient(
                    RadflowStackResource.dicomWeb(),
                    () -> "Bearer " + KeycloakResource.passwordToken("radiologist", "radiologist"),
                    () -> {},
                    DicomWebClient.Timeouts.DEFAULT);
            Attributes sr = org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(
                            () -> labeling.retrieveInstance(study, ev.srSeriesInstanceUID(), ev.srSopInstanceUID())
                                    .dataset(),
                            a -> a != null);
            assertThat(sr.getString(Tag.SeriesDescription)).isEqualTo("Radflow AI DEMO - Body composition at L3");
            BodyCompositionOrthancTest.assertValid(sr, tmp.resolve("sr.dcm"));
        }
    }
}
