package io.radflow.labeling.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.deid.DeidentificationException;
import io.radflow.dicom.deid.Deidentifier;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.labeling.export.TrainingSetWriter.Item;
import io.radflow.labeling.export.TrainingSetWriter.MaskValue;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.Tissue;
import io.radflow.teststudies.iod.NameStyle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training set of a generated abdominal CT with the generator's exact label maps as masks, read
 * back by the training recipes' own reader ({@code models/training/radflow_data.py}) and by pydicom.
 * Plain JUnit: no Quarkus, no database.
 */
class TrainingSetWriterTest {
    static final String PYTHON = "/usr/bin/python3";
    static final byte[] KEY = "training-set writer test key, 32".getBytes(StandardCharsets.US_ASCII);
    static final String SUBJECT = "SUBJECT-0001";
    static final List<MaskValue> MASK_VALUES = List.of(
            new MaskValue(1, "skeletal_muscle"),
            new MaskValue(2, "subcutaneous_fat"),
            new MaskValue(3, "visceral_fat"));

    @TempDir
    static Path tmp;

    static GroundTruth truth;
    static List<Attributes> datasets = new ArrayList<>();
    static List<String> transferSyntaxes = new ArrayList<>();
    static List<byte[]> masks = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        truth = TestStudies.abdominalCt(4242, 6)
                .withNames(NameStyle.KOREAN_ISO_2022)
                .writeTo(tmp.resolve("study"));
        int slices = truth.primaryCt().slices().size();
        for (int i = 0; i < slices; i++) {
            try (DicomInputStream in = new DicomInputStream(truth.file(i))) {
                datasets.add(in.readDataset());
                transferSyntaxes.add(in.getTransferSyntax());
            }
            masks.add(mask(truth.study().ctStudy().primary().labels(i)));
        }
    }

    /** Label map → mask values 1 skeletal muscle, 2 subcutaneous fat, 3 visceral fat, 0 else. */
    static byte[] mask(byte[] labels) {
        byte[] m = new byte[labels.length];
        for (int p = 0; p < labels.length; p++) {
            Tissue t = Tissue.ofLabel(labels[p]);
            m[p] = (byte)
                    (t.isSkeletalMuscle() ? 1 : t == Tissue.SUBCUTANEOUS_FAT ? 2 : t == Tissue.VISCERAL_FAT ? 3 : 0);
        }
        return m;
    }

    static Item item(int i) {
        Attributes ds = datasets.get(i);
        CtGroundTruth ct = truth.primaryCt();
        return new Item(
                ds,
                transferSyntaxes.get(i),
                masks.get(i),
                ds.getInt(Tag.Rows, 0),
                ds.getInt(Tag.Columns, 0),
                SUBJECT,
                i,
                i == ct.l3SliceIndex(),
                ct.slices().get(i).level());
    }

    /** Entry name → uncompressed bytes, in ZIP order. */
    static Map<String, byte[]> entries(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static boolean containsBytes(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static byte[] write(List<Item> items) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainingSetWriter w = new TrainingSetWriter(
                out, new Deidentifier(KEY), "labeling-service test, abdominal-ct 4242", MASK_VALUES);
        for (Item item : items) {
            w.add(item);
        }
        w.finish();
        return out.toByteArray();
    }

    @Test
    void theRecipesReaderAndPydicomReadTheTrainingSet() throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < datasets.size(); i++) {
            items.add(item(i));
        }
        byte[] zip = write(items);
        Map<String, byte[]> entries = entries(zip);
        assertThat(entries).hasSize(2 * items.size() + 1);
        assertThat(List.copyOf(entries.keySet()).get(entries.size() - 1)).isEqualTo("dataset.json");

        // no identity anywhere: neither in the ZIP's bytes (names are stored plainly) nor in any entry
        Attributes original = datasets.get(0);
        List<byte[]> identity = new ArrayList<>();
        identity.add(original.getBytes(Tag.PatientName)); // as encoded in the file (ISO 2022 IR 149)
        for (String group : original.getString(Tag.PatientName).split("=")) {
            identity.add(group.getBytes(StandardCharsets.UTF_8));
        }
        for (int tag : new int[] {
            Tag.PatientID,
            Tag.PatientBirthDate,
            Tag.AccessionNumber,
            Tag.StudyInstanceUID,
            Tag.SeriesInstanceUID,
            Tag.FrameOfReferenceUID,
            Tag.InstitutionName
        }) {
            identity.add(original.getString(tag).getBytes(StandardCharsets.US_ASCII));
        }
        for (Attributes ds : datasets) {
            identity.add(ds.getString(Tag.SOPInstanceUID).getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(original.getString(Tag.PatientName)).contains("=");
        assertThat(identity).allSatisfy(b -> assertThat(b.length).isGreaterThan(5));
        for (byte[] needle : identity) {
            String what = new String(needle, StandardCharsets.ISO_8859_1);
            assertThat(containsBytes(zip, needle)).as("%s in the ZIP", what).isFalse();
            entries.forEach((name, bytes) -> assertThat(containsBytes(bytes, needle))
                    .as("%s in %s", what, name)
                    .isFalse());
        }

        // unzip and read it with the recipes' reader and pydicom
        Path dir = tmp.resolve("unzipped");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Path p = dir.resolve(e.getKey()).normalize();
            assertThat(p).startsWithRaw(dir);
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        JsonNode py = runPython(dir);
        JsonNode manifest = new ObjectMapper().readTree(entries.get("dataset.json"));
        assertThat(manifest.get("format").asText()).isEqualTo("radflow-training-set");
        assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
        assertThat(manifest.get("task").asText()).isEqualTo("segmentation");
        assertThat(manifest.get("maskValues").toString())
                .isEqualTo("[{\"value\":1,\"label\":\"skeletal_muscle\"},{\"value\":2,\"label\":\"subcutaneous_fat\"},"
                        + "{\"value\":3,\"label\":\"visceral_fat\"}]");
        assertThat(py).hasSize(items.size());
        Deidentifier deid = new Deidentifier(KEY);
        CtGroundTruth ct = truth.primaryCt();
        for (int i = 0; i < items.size(); i++) {
            JsonNode j = py.get(i);
            JsonNode m = manifest.get("items").get(i);
            Attributes source = datasets.get(i);
            String sop = deid.pseudonymizeUid(source.getString(Tag.SOPInstanceUID));
            String study = deid.pseudonymizeUid(source.getString(Tag.StudyInstanceUID));
            String series = deid.pseudonymizeUid(source.getString(Tag.SeriesInstanceUID));
            assertThat(m.get("image").asText()).isEqualTo("studies/" + study + "/" + series + "/" + sop + ".dcm");
            assertThat(m.get("mask").asText()).isEqualTo("studies/" + study + "/" + series + "/labels/" + sop + ".png");
            assertThat(j.get("sopInstanceUID").asText())
                    .isEqualTo(sop)
                    .isEqualTo(j.get("dcmSop").asText());
            assertThat(j.get("studyInstanceUID").asText())
                    .isEqualTo(study)
                    .isEqualTo(j.get("dcmStudy").asText());
            assertThat(j.get("seriesInstanceUID").asText())
                    .isEqualTo(series)
                    .isEqualTo(j.get("dcmSeries").asText());
            assertThat(j.get("patientName").asText()).isEqualTo(SUBJECT);
            assertThat(j.get("patientID").asText()).isEqualTo(SUBJECT);
            assertThat(j.get("birthDate").asText()).isEmpty();
            assertThat(j.get("weight").asDouble()).isEqualTo(source.getDouble(Tag.PatientWeight, -1));
            assertThat(j.get("sliceIndex").asInt()).isEqualTo(i);
            assertThat(j.get("l3").asBoolean()).isEqualTo(i == ct.l3SliceIndex());
            assertThat(j.get("vertebralLevel").asText())
                    .isEqualTo(ct.slices().get(i).level());
            assertThat(j.get("maskShape").toString())
                    .isEqualTo("[" + source.getInt(Tag.Rows, 0) + "," + source.getInt(Tag.Columns, 0) + "]");
            assertThat(j.get("maskMode").asText()).as("8-bit grey PNG").isEqualTo("L");
            int[] expected = new int[4];
            for (byte b : masks.get(i)) {
                expected[b]++;
            }
            assertThat(expected[1] + expected[2] + expected[3]).isPositive();
            for (int k = 1; k <= 3; k++) {
                assertThat(j.get("counts").get(k - 1).asInt())
                        .as("slice %d class %d", i, k)
                        .isEqualTo(expected[k]);
            }
            CtGroundTruth.SliceTruth st = ct.slices().get(i);
            assertThat(expected[2]).isEqualTo(st.pixels(Tissue.SUBCUTANEOUS_FAT));
            assertThat(expected[3]).isEqualTo(st.pixels(Tissue.VISCERAL_FAT));
            long stored = 0;
            byte[] px = source.getBytes(Tag.PixelData);
            for (int k = 0; k < px.length; k += 2) {
                stored += (short) ((px[k] & 0xFF) | (px[k + 1] & 0xFF) << 8);
            }
            assertThat(j.get("pixelSum").asLong()).as("pixels untouched").isEqualTo(stored);
        }
        assertThat(ct.l3SliceIndex()).isBetween(0, items.size() - 1);
    }

    @Test
    void refusedOrInvalidItemsLeaveNothingBehind() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TrainingSetWriter w = new TrainingSetWriter(out, new Deidentifier(KEY), "test", MASK_VALUES);
        Attributes burned = new Attributes(datasets.get(0));
        burned.setString(Tag.BurnedInAnnotation, VR.CS, "YES");
        Item ok = item(0);
        assertThatThrownBy(() -> w.add(new Item(
                        burned, ok.transferSyntaxUid(), ok.mask(), ok.rows(), ok.columns(), SUBJECT, 0, null, null)))
                .isInstanceOf(DeidentificationException.class);
        assertThatThrownBy(() -> w.add(
                        new Item(ok.dataset(), ok.transferSyntaxUid(), new byte[10], 2, 5, SUBJECT, 0, null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mask of 2 × 5");
        assertThatThrownBy(() -> w.add(new Item(
                        ok.dataset(),
                        ok.transferSyntaxUid(),
                        new byte[ok.mask().length - 1],
                        ok.rows(),
                        ok.columns(),
                        SUBJECT,
                        0,
                        null,
                        null)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> w.add(new Item(ok.dataset(), "1.2.840.10008.1.2.2", null, 0, 0, SUBJECT, 0, null, null)))
                .isInstanceOf(IllegalArgumentException.class); // Explicit VR Big Endian: read only
        w.add(new Item(ok.dataset(), ok.transferSyntaxUid(), null, 0, 0, SUBJECT, 0, null, null));
        assertThatThrownBy(() -> w.add(ok)).isInstanceOf(IllegalArgumentException.class);
        w.finish();
        assertThatThrownBy(() -> w.add(item(1))).isInstanceOf(IllegalStateException.class);
        Map<String, byte[]> entries = entries(out.toByteArray());
        assertThat(entries).hasSize(2);
        JsonNode manifest = new ObjectMapper().readTree(entries.get("dataset.json"));
        JsonNode only = manifest.get("items").get(0);
        assertThat(manifest.get("items")).hasSize(1);
        assertThat(only.has("mask")).isFalse();
        assertThat(only.has("l3")).isFalse();
        assertThat(only.has("vertebralLevel")).isFalse();
        assertThat(entries).containsKey(only.get("image").asText());
    }

    @Test
    void theSameItemsAndKeyGiveTheSameBytes() throws IOException {
        assertThat(write(List.of(item(0), item(1)))).isEqualTo(write(List.of(item(0), item(1))));
    }

    @Test
    void theCallersStreamStaysOpen() throws IOException {
        boolean[] closed = {false};
        OutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        TrainingSetWriter w = new TrainingSetWriter(out, new Deidentifier(KEY), "test", MASK_VALUES);
        w.add(item(0));
        w.finish();
        assertThat(closed[0]).isFalse();
    }

    /** Runs the recipes' reader and pydicom on the unzipped set; one JSON object per item. */
    static JsonNode runPython(Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " missing");
        Path training = Path.of(System.getProperty("radflow.root", ".."))
                .toAbsolutePath()
                .normalize()
                .resolve("models/training");
        assertThat(training.resolve("radflow_data.py")).exists();
        String script =
                """
                import json, sys
                sys.path.insert(0, sys.argv[1])
                import numpy as np
                import pydicom
                import radflow_data
                from PIL import Image
                manifest, items = radflow_data.load_dataset(sys.argv[2])
                lut = radflow_data.mask_lut(manifest, {"skeletal_muscle": 1, "subcutaneous_fat": 2, "visceral_fat": 3})
                out = []
                for item in items:
                    mask = radflow_data.read_mask(item, lut)
                    ds = pydicom.dcmread(item["image"])
                    out.append({
                        "sopInstanceUID": item["sopInstanceUID"],
                        "studyInstanceUID": item["studyInstanceUID"],
                        "seriesInstanceUID": item["seriesInstanceUID"],
                        "sliceIndex": item["sliceIndex"],
                        "l3": item["l3"],
                        "vertebralLevel": item["vertebralLevel"],
                        "counts": [int((mask == k).sum()) for k in (1, 2, 3)],
                        "maskShape": list(mask.shape),
                        "maskMode": Image.open(item["mask"]).mode,
                        "dcmSop": ds.SOPInstanceUID,
                        "dcmStudy": ds.StudyInstanceUID,
                        "dcmSeries": ds.SeriesInstanceUID,
                        "patientName": str(ds.PatientName),
                        "patientID": ds.PatientID,
                        "birthDate": ds.PatientBirthDate,
                        "weight": float(ds.PatientWeight),
                        "pixelSum": int(ds.pixel_array.astype(np.int64).sum()),
                    })
                print("RESULT " + json.dumps(out))
                """;
        Process p = new ProcessBuilder(PYTHON, "-c", script, training.toString(), dir.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor()).as(output).isZero();
        String line = output.lines()
                .filter(l -> l.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result: " + output));
        return new ObjectMapper().readTree(line.substring("RESULT ".length()));
    }
}
