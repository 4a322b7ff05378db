package io.radflow.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomStreamException;
import io.radflow.dicom.testing.Peers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Radflow's DICOM JSON of every file in Debian's pydicom test data ({@code test_files} and {@code
 * charset_files}: Korean, Japanese, Chinese, Greek, ... person names) equals pydicom's {@code
 * Dataset.to_json_dict()} by meaning (see {@link JsonModelComparator} for what is normalised), and
 * JSON → Attributes → JSON is the identity on Radflow's JSON of each file.
 */
class DicomJsonInteropTest {
    static final Path TEST_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final List<String> SKIPPED = new ArrayList<>();
    private static int comparedFiles;

    @TestFactory
    Stream<DynamicTest> jsonOfEveryPydicomTestFileMatchesPydicom() throws Exception {
        String python = Peers.requirePydicom();
        List<String> files;
        try (Stream<Path> s = Stream.concat(
                Files.walk(TEST_FILES.resolve("test_files")), Files.walk(TEST_FILES.resolve("charset_files")))) {
            files = s.filter(Files::isRegularFile)
                    .map(p -> TEST_FILES.relativize(p).toString())
                    .filter(f -> !f.endsWith(".txt") && !f.endsWith(".dump") && !f.endsWith(".gz"))
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(160).contains("test_files/test1.json", "test_files/test_PN.json");
        Map<String, JsonNode> py = runPydicom(python, files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> check(f, py.get(f))));
    }

    @AfterAll
    static void summary() {
        System.out.println(
                "DicomJsonInteropTest: " + comparedFiles + " files compared with pydicom, skipped: " + SKIPPED);
    }

    private static void check(String file, JsonNode py) throws Exception {
        if (file.endsWith(".json")) {
            checkJsonFile(file, py);
            return;
        }
        Attributes ds;
        try (DicomInputStream dis = new DicomInputStream(TEST_FILES.resolve(file))) {
            dis.readFileMetaInformation();
            ds = dis.readDataset();
        } catch (DicomStreamException e) {
            SKIPPED.add(file + " (Radflow rejects it: PydicomInteropTest covers why)");
            return;
        }
        assertThat(py).as("pydicom output for " + file).isNotNull();
        if (py.has("error")) {
            SKIPPED.add(file + " (pydicom: " + py.get("error").asText() + ")");
            return;
        }
        String ours = write(ds);
        // round trip: JSON -> Attributes -> JSON is the identity
        Attributes back = new JSONReader(new ByteArrayInputStream(ours.getBytes(StandardCharsets.UTF_8))).readDataset();
        assertThat(write(back)).as("round trip of " + file).isEqualTo(ours);

        String ts = py.path("ts").isTextual() ? py.get("ts").asText() : null;
        boolean bigEndian = ts != null && TransferSyntax.of(ts).bigEndian();
        Set<String> dropped = new HashSet<>();
        py.path("dropped").forEach(n -> dropped.add(n.asText()));
        JsonModelComparator c = new JsonModelComparator(bigEndian);
        c.compareDataset("", py.get("json"), MAPPER.readTree(ours), dropped);
        c.notes().forEach(n -> System.out.println(file + ": " + n));
        assertThat(c.differences()).as("differences from pydicom in " + file).isEmpty();
        assertThat(c.compared()).isPositive();

        // the reader accepts pydicom's JSON and keeps its meaning
        JsonNode pyJson = py.get("json").deepCopy();
        useOurVRForAmbiguous(pyJson, MAPPER.readTree(ours));
        Attributes fromPy = new JSONReader(new ByteArrayInputStream(MAPPER.writeValueAsBytes(pyJson))).readDataset();
        JsonModelComparator c2 = new JsonModelComparator(false);
        c2.compareDataset("", pyJson, MAPPER.readTree(write(fromPy)), Set.of());
        assertThat(c2.differences())
                .as("pydicom's JSON of " + file + " read by JSONReader")
                .isEmpty();
        comparedFiles++;
    }

    /**
     * pydicom's DICOM JSON test files: JSONReader reads them as pydicom's Dataset.from_json does,
     * except a null inside a binary numeric value (test1.json, (0018,1310) US [128, 0, 0, 32,
     * null]), which no DICOM encoding can hold: JSONReader rejects it where pydicom keeps None.
     */
    private static void checkJsonFile(String file, JsonNode py) throws Exception {
        assertThat(py.has("error")).as("pydicom reads " + file).isFalse();
        if (file.endsWith("test1.json")) {
            try (InputStream in = Files.newInputStream(TEST_FILES.resolve(file))) {
                assertThatThrownBy(() -> new JSONReader(in).readDataset())
                        .isInstanceOf(DicomJsonException.class)
                        .hasMessageContaining("element 00181310 with VR US needs integers, found null");
            }
            SKIPPED.add(file + " (null in a US value: rejected by design)");
            return;
        }
        Attributes ds;
        try (InputStream in = Files.newInputStream(TEST_FILES.resolve(file))) {
            ds = new JSONReader(in).readDataset();
        }
        JsonModelComparator c = new JsonModelComparator(false);
        c.compareDataset("", py.get("json"), MAPPER.readTree(write(ds)), Set.of());
        assertThat(c.differences()).as("differences from pydicom in " + file).isEmpty();
        assertThat(c.compared()).isGreaterThan(5);
        comparedFiles++;
    }

    /** pydicom writes VRs it could not resolve as "US or SS"; DICOM JSON has no such VR. */
    private static void useOurVRForAmbiguous(JsonNode py, JsonNode ours) {
        py.fields().forEachRemaining(e -> {
            JsonNode o = ours.get(e.getKey());
            if (o == null) {
                return;
            }
            if (e.getValue().path("vr").asText().contains(" or ")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) e.getValue())
                        .put("vr", o.path("vr").asText());
            }
            JsonNode items = e.getValue().path("Value");
            if (e.getValue().path("vr").asText().equals("SQ") && items.isArray()) {
                for (int i = 0; i < items.size() && i < o.path("Value").size(); i++) {
                    useOurVRForAmbiguous(items.get(i), o.path("Value").get(i));
                }
            }
        });
    }

    static String write(Attributes ds) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSONWriter.createGenerator(out)) {
            new JSONWriter(g).write(ds);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, JsonNode> runPydicom(String python, List<String> files) throws Exception {
        Path script = Files.createTempFile("pydicom-json", ".py");
        Path out = Files.createTempFile("pydicom-json", ".jsonl");
        try {
            try (InputStream in = DicomJsonInteropTest.class.getResourceAsStream("/interop/pydicom-json.py")) {
                Files.write(script, in.readAllBytes());
            }
            List<String> cmd = new ArrayList<>(List.of(python, script.toString(), out.toString()));
            cmd.addAll(files);
            Process p = new ProcessBuilder(cmd)
                    .directory(TEST_FILES.toFile())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(log).isZero();
            Map<String, JsonNode> map = new HashMap<>();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                JsonNode n = MAPPER.readTree(line);
                map.put(n.get("file").asText(), n);
            }
            return map;
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(out);
        }
    }
}
