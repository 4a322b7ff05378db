package io.radflow.labeling.patients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.ContentItem;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.MeasurementReport.Algorithm;
import io.radflow.dicom.sr.MeasurementReport.Evaluation;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.ImageRef;
import io.radflow.dicom.sr.MeasurementReport.Measurement;
import io.radflow.dicom.sr.MeasurementReport.PlanarRoi;
import io.radflow.dicom.sr.RelationshipType;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.labeling.testing.Api;
import io.radflow.labeling.testing.Api.Answer;
import io.radflow.labeling.testing.IndexFixture;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.DxFinding;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.teststudies.iod.NameStyle;
import io.radflow.testsupport.AuditTable;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The patient page ({@code GET /api/v1/patients/{id}/studies}) on the real PostgreSQL, for one patient
 * with two studies in the index: an older abdominal CT (with an SR that is no measurement report) and a
 * newer chest radiograph with a demo model's findings SR. Studies newest first, the SR's call,
 * probability and box, clinical context per study, label sets, errors, roles and the audit trail.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class PatientLookupTest {
    static final Path DIR = Path.of("target/test-data/patients-lookup").toAbsolutePath();
    static final String PATIENT = "RF-LOOKUP-3003";
    static final String NAME = "Lookup^Patient";
    static final Algorithm XRAY = new Algorithm("chest-xray-findings", "1.0.0", List.of("threshold=0.5"));

    static GroundTruth ct;
    static GroundTruth dx;
    static String srSop;
    static String otherSrSop;
    static DxFinding box;

    @Inject
    AgroalDataSource db;

    @BeforeAll
    static void data() throws Exception {
        ct = TestStudies.abdominalCt(3003, 3).withNames(NameStyle.ASCII).writeTo(DIR.resolve("ct"));
        dx = TestStudies.chestRadiograph(3004, ViewPosition.PA, List.of(Finding.PNEUMONIA))
                .withNames(NameStyle.ASCII)
                .writeTo(DIR.resolve("dx"));
        // the older study: allergic to penicillin, a smoker
        rewrite(ct.dir(), ds -> {
            ds.setString(Tag.StudyDate, VR.DA, "20230105");
            ds.setString(Tag.StudyTime, VR.TM, "141500");
            ds.setString(Tag.PatientAge, VR.AS, "061Y");
            ds.setDouble(Tag.PatientWeight, VR.DS, 80);
            ds.setString(Tag.Allergies, VR.LO, "Penicillin");
            ds.setString(Tag.SmokingStatus, VR.CS, "YES");
        });
        // the newer one: another allergy, a pacemaker, pregnancy status unknown, lighter, no smoking status
        rewrite(dx.dir(), ds -> {
            ds.setString(Tag.StudyDate, VR.DA, "20240212");
            ds.setString(Tag.StudyTime, VR.TM, "093000");
            ds.setString(Tag.PatientAge, VR.AS, "062Y");
            ds.setDouble(Tag.PatientWeight, VR.DS, 76.5);
            ds.setString(Tag.Allergies, VR.LO, "Penicillin", "Iodine contrast");
            ds.setString(Tag.MedicalAlerts, VR.LO, "Pacemaker");
            ds.setInt(Tag.PregnancyStatus, VR.US, 4);
            ds.remove(Tag.SmokingStatus);
        });
        Attributes image = read(dx.file(0));
        image.remove(Tag.PixelData);
        box = dx.dx().findings().get(0);
        Attributes sr = SrWriter.write(
                MeasurementReport.build(xrayReport(image)),
                image,
                new DerivedInstance(
                        DerivedInstance.uidFor("patient-lookup-test/xray-sr-series"),
                        DerivedInstance.uidFor("patient-lookup-test/xray-sr"),
                        1001,
                        "Radflow AI DEMO - chest x-ray",
                        1,
                        "radflow test",
                        XRAY.name(),
                        LocalDateTime.of(2024, 2, 12, 10, 0)),
                List.of(SrWriter.Evidence.of(image)));
        srSop = sr.getString(Tag.SOPInstanceUID);
        write(sr, DIR.resolve("sr/xray-findings.dcm"));

        // an SR of the CT study that is no TID 1500 measurement report: listed with its error
        Attributes ctImage = read(ct.file(0));
        ctImage.remove(Tag.PixelData);
        ContentItem.Container narrative = new ContentItem.Container(
                null,
                new Code("18748-4", "LN", "Diagnostic imaging report"),
                true,
                null,
                List.of(new ContentItem.Text(
                        RelationshipType.CONTAINS, Codes.FINDING, "No acute findings.", List.of())));
        Attributes other = SrWriter.write(
                narrative,
                ctImage,
                new DerivedInstance(
                        DerivedInstance.uidFor("patient-lookup-test/report-series"),
                        DerivedInstance.uidFor("patient-lookup-test/report"),
                        900,
                        "Radiology report",
                        1,
                        "radflow test",
                        "report",
                        LocalDateTime.of(2023, 1, 6, 8, 0)),
                List.of());
        otherSrSop = other.getString(Tag.SOPInstanceUID);
        write(other, DIR.resolve("sr/report.dcm"));

        IndexFixture.index(DIR);
    }

    interface Change {
        void apply(Attributes ds);
    }

    /** Rewrites every file of a study as the patient, with {@code change}. */
    static void rewrite(Path dir, Change change) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            Attributes ds;
            String ts;
            try (DicomInputStream in = new DicomInputStream(f)) {
                in.readFileMetaInformation();
                ds = in.readDataset();
                ts = in.getTransferSyntax();
            }
            ds.setString(Tag.PatientID, VR.LO, PATIENT);
            ds.setString(Tag.PatientName, VR.PN, NAME);
            ds.setString(Tag.PatientBirthDate, VR.DA, "19620301");
            ds.setString(Tag.PatientSex, VR.CS, "F");
            ds.remove(Tag.IssuerOfPatientID);
            change.apply(ds);
            try (OutputStream os = Files.newOutputStream(f)) {
                DicomOutputStream dos = new DicomOutputStream(os, ts);
                dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
                dos.flush();
            }
        }
    }

    static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    static void write(Attributes ds, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            DicomOutputStream dos = new DicomOutputStream(out, UID.ExplicitVRLittleEndian);
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
            dos.flush();
        }
    }

    /** A box on the pneumonia with area and probability, and the per-patient call (as ResultObjects). */
    static MeasurementReport.Report xrayReport(Attributes image) {
        ImageRef ref = ImageRef.of(image);
        return new MeasurementReport.Report(
                new MeasurementReport.Device(
                        DerivedInstance.uidFor("patient-lookup-test/device"), XRAY.name(), "Radflow", "demo model"),
                Codes.IMAGING_PROCEDURE,
                List.of(ref),
                List.of(
                        new Group(
                                MeasurementReport.OHIF_TOOL_PREFIX + "RectangleROI",
                                DerivedInstance.uidFor("patient-lookup-test/box"),
                                Codes.PNEUMONIA,
                                Codes.LUNG,
                                PlanarRoi.box(
                                        ref, box.columnMin(), box.rowMin(), box.columnMax() + 1, box.rowMax() + 1),
                                List.of(
                                        Measurement.of(Codes.AREA, 42.5, Codes.UCUM_SQUARE_CENTIMETER),
                                        Measurement.of(Codes.PROBABILITY, 0.91, Codes.UCUM_NO_UNITS)),
                                List.of(),
                                XRAY),
                        new Group(
                                "Pneumonia (study)",
                                DerivedInstance.uidFor("patient-lookup-test/call"),
                                Codes.PNEUMONIA,
                                Codes.LUNG,
                                null,
                                List.of(Measurement.of(Codes.PROBABILITY, 0.93, Codes.UCUM_NO_UNITS)),
                                List.of(new Evaluation(Codes.PNEUMONIA, Codes.PRESENT)),
                                XRAY)));
    }

    static String ctStudy() {
        return ct.info().studyInstanceUid();
    }

    static String dxStudy() {
        return dx.info().studyInstanceUid();
    }

    static JsonNode group(JsonNode result, String trackingIdPrefix) {
        for (JsonNode g : result.get("groups")) {
            if (g.get("trackingId").asText().startsWith(trackingIdPrefix)) {
                return g;
            }
        }
        throw new AssertionError("no group " + trackingIdPrefix + " in " + result);
    }

    static double measurement(JsonNode group, String conceptMeaning) {
        for (JsonNode m : group.get("measurements")) {
            if (m.at("/concept/meaning").asText().equals(conceptMeaning)) {
                return m.get("value").asDouble();
            }
        }
        throw new AssertionError("no " + conceptMeaning + " in " + group);
    }

    @Test
    void studiesNewestFirstWithAiResultsClinicalContextAndLabelSets() {
        String ctSeries = ct.series().get(0).seriesInstanceUid();
        Answer created = Api.post(
                "annotator",
                "/api/v1/label-sets",
                Map.of(
                        "studyInstanceUID",
                        ctStudy(),
                        "seriesInstanceUID",
                        ctSeries,
                        "name",
                        "patient page muscle",
                        "segments",
                        List.of(Map.of("number", 1, "label", "Skeletal muscle"))));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long labelSet = created.json().get("id").asLong();

        Answer a = Api.get("radiologist", "/api/v1/patients/" + PATIENT + "/studies");
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        JsonNode p = a.json();
        assertThat(p.get("patientID").asText()).isEqualTo(PATIENT);
        assertThat(p.get("patientName").asText()).isEqualTo(NAME);
        assertThat(p.get("truncated").asBoolean()).isFalse();

        // newest first
        JsonNode studies = p.get("studies");
        assertThat(studies.findValuesAsText("studyInstanceUID")).containsExactly(dxStudy(), ctStudy());
        JsonNode newer = studies.get(0);
        JsonNode older = studies.get(1);
        assertThat(newer.get("studyDate").asText()).isEqualTo("20240212");
        assertThat(newer.get("studyTime").asText()).isEqualTo("093000");
        assertThat(older.get("studyDate").asText()).isEqualTo("20230105");
        assertThat(newer.get("modalitiesInStudy").toString()).contains("SR", "DX");
        assertThat(newer.get("series").findValuesAsText("modality")).containsExactlyInAnyOrder("DX", "SR");
        assertThat(newer.get("numberOfInstances").asInt()).isEqualTo(2);
        assertThat(older.get("series")).hasSize(ct.series().size() + 1);
        assertThat(older.at("/series/0/seriesInstanceUID").asText()).isEqualTo(ctSeries);
        assertThat(older.at("/series/0/numberOfInstances").asInt()).isEqualTo(3);

        // the radiograph's demo findings SR: the per-patient call, its probability, the box
        JsonNode results = newer.get("aiResults");
        assertThat(results).hasSize(1);
        JsonNode sr = results.get(0);
        assertThat(sr.get("sopInstanceUID").asText()).isEqualTo(srSop);
        assertThat(sr.get("seriesDescription").asText()).isEqualTo("Radflow AI DEMO - chest x-ray");
        assertThat(sr.get("demo").asBoolean()).isTrue();
        assertThat(sr.get("radflow").asBoolean()).isTrue();
        assertThat(sr.has("error")).isFalse();
        assertThat(sr.at("/device/name").asText()).isEqualTo("chest-xray-findings");
        JsonNode call = group(sr, "Pneumonia (study)");
        assertThat(call.findValuesAsText("text")).containsExactly("Pneumonia = Present");
        assertThat(call.at("/evaluations/0/value/value").asText()).isEqualTo(Codes.PRESENT.value());
        assertThat(measurement(call, "Probability")).isEqualTo(0.93);
        assertThat(call.has("roi")).isFalse();
        assertThat(call.at("/finding/meaning").asText()).isEqualTo("Pneumonia");
        assertThat(call.at("/findingSite/value").asText()).isEqualTo(Codes.LUNG.value());
        assertThat(call.at("/algorithm/version").asText()).isEqualTo("1.0.0");
        JsonNode boxGroup = group(sr, MeasurementReport.OHIF_TOOL_PREFIX);
        assertThat(measurement(boxGroup, "Probability")).isEqualTo(0.91);
        assertThat(measurement(boxGroup, "Area")).isEqualTo(42.5);
        assertThat(boxGroup.findValuesAsText("value")).contains("cm2");
        JsonNode roi = boxGroup.get("roi");
        assertThat(roi.get("kind").asText()).isEqualTo("planar");
        assertThat(roi.get("graphicType").asText()).isEqualTo("POLYLINE");
        assertThat(roi.get("referencedSopInstanceUID").asText())
                .isEqualTo(dx.series().get(0).sopInstanceUids().get(0));
        List<Double> coordinates = new ArrayList<>();
        roi.get("coordinates").forEach(c -> coordinates.add(c.asDouble()));
        double x0 = box.columnMin();
        double y0 = box.rowMin();
        double x1 = box.columnMax() + 1;
        double y1 = box.rowMax() + 1;
        assertThat(coordinates).containsExactly(x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);

        // the CT's SR is no measurement report: listed with its error, the request does not fail
        JsonNode ctResults = older.get("aiResults");
        assertThat(ctResults).hasSize(1);
        assertThat(ctResults.at("/0/sopInstanceUID").asText()).isEqualTo(otherSrSop);
        assertThat(ctResults.at("/0/demo").asBoolean()).isFalse();
        assertThat(ctResults.at("/0/groups")).isEmpty();
        assertThat(ctResults.at("/0/error").asText()).contains("not an Imaging Measurement Report");

        // the label set made on the CT
        assertThat(newer.get("labelSets")).isEmpty();
        JsonNode sets = older.get("labelSets");
        assertThat(sets.findValuesAsText("id")).contains(String.valueOf(labelSet));
        for (JsonNode s : sets) {
            if (s.get("id").asLong() == labelSet) {
                assertThat(s.get("name").asText()).isEqualTo("patient page muscle");
                assertThat(s.get("seriesInstanceUID").asText()).isEqualTo(ctSeries);
                assertThat(s.get("currentVersion").asInt()).isEqualTo(1);
                assertThat(s.get("updatedAt").asText()).isNotEmpty();
            }
        }

        // clinical context: newest first, each value with its study
        JsonNode cc = p.get("clinicalContext");
        JsonNode allergies = cc.get("Allergies");
        assertThat(allergies).hasSize(2);
        assertThat(allergies.at("/0/value").toString()).isEqualTo("[\"Penicillin\",\"Iodine contrast\"]");
        assertThat(allergies.at("/0/studyInstanceUID").asText()).isEqualTo(dxStudy());
        assertThat(allergies.at("/0/studyDate").asText()).isEqualTo("20240212");
        assertThat(allergies.at("/1/value").toString()).isEqualTo("[\"Penicillin\"]");
        assertThat(allergies.at("/1/studyInstanceUID").asText()).isEqualTo(ctStudy());
        assertThat(cc.get("SmokingStatus")).hasSize(1);
        assertThat(cc.at("/SmokingStatus/0/value").asText()).isEqualTo("YES");
        assertThat(cc.at("/SmokingStatus/0/studyInstanceUID").asText()).isEqualTo(ctStudy());
        assertThat(cc.get("MedicalAlerts")).hasSize(1);
        assertThat(cc.at("/MedicalAlerts/0/value").toString()).isEqualTo("[\"Pacemaker\"]");
        assertThat(cc.at("/MedicalAlerts/0/studyInstanceUID").asText()).isEqualTo(dxStudy());
        assertThat(cc.get("PregnancyStatus")).hasSize(1);
        assertThat(cc.at("/PregnancyStatus/0/value").asInt()).isEqualTo(4);
        assertThat(cc.at("/PregnancyStatus/0/text").asText()).isEqualTo("unknown");
        assertThat(cc.at("/PatientWeight/0/value").asDouble()).isEqualTo(76.5);
        assertThat(cc.at("/PatientWeight/0/studyInstanceUID").asText()).isEqualTo(dxStudy());
        assertThat(cc.at("/PatientWeight/1/value").asDouble()).isEqualTo(80.0);
        assertThat(cc.at("/PatientWeight/1/studyInstanceUID").asText()).isEqualTo(ctStudy());
        assertThat(cc.at("/PatientAge/0/value").asText()).isEqualTo("062Y");
        assertThat(cc.at("/PatientAge/0/text").asText()).isEqualTo("62 years");
        assertThat(cc.at("/PatientSex/1/value").asText()).isEqualTo("F");
        assertThat(cc.get("AdditionalPatientHistory")).isEmpty();

        // audited: DICOM Instances Accessed, naming the patient
        Map<String, Object> row = AuditTable.awaitRow(db, "user_id = ? and patient_id = ?", "radiologist", PATIENT);
        assertThat(row).containsEntry("event_id", "110103").containsEntry("action_code", "R");
    }

    @Test
    void unknownPatientIs404AndBadIdsAre400() {
        Answer unknown = Api.get("researcher", "/api/v1/patients/NO-SUCH-PATIENT-3003/studies");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.at("/status")).isEqualTo("404");
        assertThat(unknown.at("/error")).contains("NO-SUCH-PATIENT-3003");

        Answer blank = Api.get("radiologist", "/api/v1/patients/%20%20/studies");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.at("/error")).contains("empty");
        Answer longId = Api.get("radiologist", "/api/v1/patients/" + "X".repeat(65) + "/studies");
        assertThat(longId.status()).isEqualTo(400);
        assertThat(longId.at("/error")).contains("64");
        // an issuer the patient's studies do not have
        assertThat(Api.get("radiologist", "/api/v1/patients/" + PATIENT + "/studies?issuer=OTHER")
                        .status())
                .isEqualTo(404);
        assertThat(Api.get("admin", "/api/v1/patients/" + PATIENT + "/studies?issuer=")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void rolesAreChecked() {
        assertThat(Api.get(null, "/api/v1/patients/" + PATIENT + "/studies").status())
                .isEqualTo(401);
        assertThat(Api.get("pacs", "/api/v1/patients/" + PATIENT + "/studies").status())
                .isEqualTo(403);
        for (String role : List.of("annotator", "researcher", "admin")) {
            assertThat(Api.get(role, "/api/v1/patients/" + PATIENT + "/studies").status())
                    .as(role)
                    .isEqualTo(200);
        }
    }
}
