package io.radflow.labeling.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.labels.MaskRle;
import io.radflow.labeling.testing.Api;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.TestData;
import io.radflow.teststudies.GroundTruth;
import io.radflow.testsupport.AuditTable;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Training-set export through the API: a label set on the test CT (two segments on three slices) is
 * selected and exported as a ZIP a researcher downloads; it opens, its dataset.json lists the three
 * images with the recipes' label names, each PNG mask equals the label set (segment values mapped to
 * training labels), and no patient name, ID or original UID is inside; only researchers and admins
 * export, and the export is audited.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class TrainingSetApiTest {
    @Inject
    AgroalDataSource db;

    @Test
    void exportMatchesTheLabelSetsAndCarriesNoIdentity() throws Exception {
        GroundTruth ct = TestData.ct();
        String study = ct.info().studyInstanceUid();
        String series = ct.series().get(0).seriesInstanceUid();
        List<String> sops = ct.series().get(0).sopInstanceUids();
        Api.Answer created =
                Api.createLabelSet("annotator", study, series, "export", "Skeletal muscle", "Visceral fat");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        int rows = created.json().get("rows").asInt();
        int cols = created.json().get("columns").asInt();
        Map<String, byte[]> muscle = new HashMap<>();
        Map<String, byte[]> vat = new HashMap<>();
        List<Map<String, Object>> slices = new java.util.ArrayList<>();
        for (int i = 2; i <= 4; i++) {
            byte[] m = new byte[rows * cols];
            byte[] v = new byte[rows * cols];
            for (int p = 0; p < m.length; p++) {
                m[p] = (byte) ((p / cols) % (i + 3) == 0 ? 1 : 0);
                v[p] = (byte) ((p % cols) % (i + 5) == 0 ? 1 : 0);
            }
            muscle.put(sops.get(i), m);
            vat.put(sops.get(i), v);
            slices.add(Map.of("sopInstanceUID", sops.get(i), "segment", 1, "mask", MaskRle.encodeBase64(m)));
            slices.add(Map.of("sopInstanceUID", sops.get(i), "segment", 2, "mask", MaskRle.encodeBase64(v)));
        }
        Api.Answer saved = Api.post(
                "annotator",
                "/api/v1/label-sets/" + id + "/versions",
                Map.of("baseVersion", 1, "source", "manual", "slices", slices));
        assertThat(saved.status()).as(saved.text()).isEqualTo(201);

        String name = "ct-muscle-" + id;
        Map<String, Object> definition = Map.of("labelSets", List.of(Map.of("id", id, "version", 2)));
        assertThat(Api.post("annotator", "/api/v1/training-sets/" + name, definition)
                        .status())
                .isIn(403, 405);
        Api.Answer defined = Api.send(
                "researcher",
                HttpRequest.newBuilder(Api.uri("/api/v1/training-sets/" + name))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(definition))));
        assertThat(defined.status()).as(defined.text()).isEqualTo(201);
        assertThat(Api.get("researcher", "/api/v1/training-sets").json().findValuesAsText("name"))
                .contains(name);
        // defining a training set is a write: audited
        assertThat((String) AuditTable.awaitRow(
                                db, "user_id = ? and request_path = ?", "researcher", "/api/v1/training-sets/" + name)
                        .get("detail"))
                .contains("training set " + name + " defined");

        assertThat(download("annotator", name).statusCode()).isEqualTo(403);
        assertThat(download("radiologist", name).statusCode()).isEqualTo(403);
        assertThat(download("researcher", "no-such-set").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> zip = download("researcher", name);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type").orElse("")).startsWith("application/zip");

        Map<String, byte[]> entries = unzip(zip.body());
        JsonNode manifest = Api.JSON.readTree(entries.get("dataset.json"));
        assertThat(manifest.get("format").asText()).isEqualTo("radflow-training-set");
        Map<Integer, String> labelOf = new HashMap<>();
        for (JsonNode v : manifest.get("maskValues")) {
            labelOf.put(v.get("value").asInt(), v.get("label").asText());
        }
        assertThat(labelOf.values()).containsExactlyInAnyOrder("skeletal_muscle", "visceral_fat");
        // the label codes and which label set versions, as the manifest asks
        for (JsonNode v : manifest.get("maskValues")) {
            if (v.get("label").asText().equals("skeletal_muscle")) {
                assertThat(v.at("/code/value").asText()).isEqualTo("127954009");
                assertThat(v.at("/code/scheme").asText()).isEqualTo("SCT");
            }
        }
        assertThat(manifest.at("/labelSets/0/labelSet").asLong()).isEqualTo(id);
        assertThat(manifest.at("/labelSets/0/version").asInt()).isEqualTo(2);
        assertThat(manifest.get("items")).hasSize(3);
        for (JsonNode item : manifest.get("items")) {
            Attributes ds;
            try (DicomInputStream in = new DicomInputStream(
                    new ByteArrayInputStream(entries.get(item.get("image").asText())))) {
                ds = in.readDataset();
            }
            String sop = ds.getString(Tag.SOPInstanceUID);
            assertThat(sop).isEqualTo(item.get("sopInstanceUID").asText()).doesNotStartWith("1.2.826");
            assertThat(sops).doesNotContain(sop);
            assertThat(ds.getString(Tag.PatientID)).startsWith("SUBJECT-");
            assertThat(ds.getString(Tag.StudyInstanceUID)).isNotEqualTo(study);
            // which original slice: the pixel data is unchanged, so match it by the slice index
            // the slice index counts from the most superior slice, as the generator numbers its slices
            String original = sops.get(item.get("sliceIndex").asInt());
            BufferedImage png = ImageIO.read(
                    new ByteArrayInputStream(entries.get(item.get("mask").asText())));
            assertThat(png.getWidth()).isEqualTo(cols);
            assertThat(png.getHeight()).isEqualTo(rows);
            Raster r = png.getRaster();
            byte[] m = muscle.get(original);
            byte[] v = vat.get(original);
            assertThat(m).as("slice %s is one of the labelled ones", original).isNotNull();
            for (int p = 0; p < m.length; p++) {
                int value = r.getSample(p % cols, p / cols, 0);
                String expected = v[p] != 0 ? "visceral_fat" : m[p] != 0 ? "skeletal_muscle" : null;
                assertThat(labelOf.get(value)).as("pixel %d", p).isEqualTo(expected);
            }
        }
        // no identity anywhere in the ZIP (raw and every entry)
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(zip.body());
        entries.values().forEach(all::writeBytes);
        String text = all.toString(StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(ct.patient().id());
        assertThat(text).doesNotContain(ct.patient().name().split("=")[0]);
        assertThat(text).doesNotContain(study).doesNotContain(series);
        for (String sop : sops) {
            assertThat(text).doesNotContain(sop);
        }
        Map<String, Object> row = AuditTable.awaitRow(db, "user_id = ? and event_id = ?", "researcher", "110106");
        assertThat((String) row.get("detail")).contains(name, "3 images", "de-identified");
    }

    static HttpResponse<byte[]> download(String role, String name) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(Http.ROOT + "/api/v1/training-sets/" + name + ".zip"))
                                .header("Authorization", Http.authorization(role))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }
}
