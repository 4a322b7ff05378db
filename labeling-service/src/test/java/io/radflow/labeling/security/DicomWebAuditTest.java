package io.radflow.labeling.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import io.radflow.testsupport.AuditContract;
import io.radflow.testsupport.TestTokens;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The labeling service's audit trail in its schema {@code labeling} (table {@code audit_event}) and on
 * Kafka topic {@code radflow.audit}, read with a real consumer: the shared contract (a read, a tampered
 * token, no token, a missing role) plus what DICOMweb adds: a WADO-RS read names study and patient, a
 * QIDO-RS search names its query and the studies it returned, a STOW-RS forward names the caller.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class DicomWebAuditTest extends AuditContract {
    @Override
    protected String readPath() {
        return "/dicomweb/studies";
    }

    @Override
    protected String source() {
        return "labeling-service";
    }

    @Test
    void frameReadNamesStudyAndPatient() {
        String user = "audit-" + UUID.randomUUID();
        var ct = TestData.ct();
        String path = Ct.instance() + "/frames/1";
        given().auth()
                .oauth2(TestTokens.of(user, "annotator"))
                .accept("multipart/related; type=application/octet-stream; transfer-syntax=*")
                .get(path)
                .then()
                .statusCode(200);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row)
                .containsEntry("event_id", "110103")
                .containsEntry("event_type", "DICOM Instances Accessed")
                .containsEntry("action_code", "R")
                .containsEntry("outcome", 0)
                .containsEntry("study_instance_uid", ct.info().studyInstanceUid())
                .containsEntry("patient_id", ct.patient().id())
                .containsEntry("network_access_point", "127.0.0.1")
                .containsEntry("request_path", path)
                .containsEntry("http_status", 200);
        JsonPath json = JsonPath.from(awaitKafkaRecord(user));
        assertThat(json.getString("participantObject.patientId"))
                .isEqualTo(ct.patient().id());
        assertThat(json.getString("participantObject.studyInstanceUid"))
                .isEqualTo(ct.info().studyInstanceUid());
        assertThat(json.getString("eventId.code")).isEqualTo("110103");
    }

    @Test
    void qidoSearchNamesTheQueryAndTheStudiesReturned() {
        String user = "audit-" + UUID.randomUUID();
        var ct = TestData.ct();
        given().auth()
                .oauth2(TestTokens.of(user, "researcher"))
                .queryParam("PatientID", ct.patient().id())
                .get("/dicomweb/studies")
                .then()
                .statusCode(200);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row).containsEntry("event_id", "110112").containsEntry("request_path", "/dicomweb/studies");
        assertThat((String) row.get("detail"))
                .startsWith("QIDO-RS STUDY ?PatientID=")
                .contains(ct.info().studyInstanceUid() + " (patient "
                        + ct.patient().id() + ")");
        assertThat(awaitKafkaRecord(user)).contains(ct.info().studyInstanceUid());
    }

    @Test
    void stowForwardNamesTheCallerAndIngestsStatus() {
        String user = "audit-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.of(user, "annotator"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=b")
                .body("--b--".getBytes())
                .post("/dicomweb/studies/1.2.3.409")
                .then()
                .statusCode(409);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row)
                .containsEntry("event_id", "110104")
                .containsEntry("action_code", "C")
                .containsEntry("outcome", 4)
                .containsEntry("study_instance_uid", "1.2.3.409")
                .containsEntry("http_method", "POST")
                .containsEntry("http_status", 409)
                .containsEntry("user_roles", "annotator")
                .containsEntry("client_id", "radflow-viewer");
        awaitKafkaRecord(user);
    }

    @Test
    void stowByARoleWithoutTheRightIsAuditedAsAccessDenied() {
        String user = "audit-" + UUID.randomUUID();
        given().auth()
                .oauth2(TestTokens.of(user, "radiologist"))
                .contentType("multipart/related; type=\"application/dicom\"; boundary=b")
                .body("--b--".getBytes())
                .post("/dicomweb/studies")
                .then()
                .statusCode(403);

        Map<String, Object> row = awaitRow("user_id = ?", user);
        assertThat(row)
                .containsEntry("http_status", 403)
                .containsEntry("http_method", "POST")
                .containsEntry("outcome", 4);
        assertThat((String) row.get("detail")).startsWith("access denied");
    }
}
