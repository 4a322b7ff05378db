package io.radflow.dicom.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomStreamException;
import io.radflow.dicom.testing.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Reads every file of Debian's pydicom test data ({@code test_files} and {@code charset_files}) with Radflow and compares every element value
 * (recursively through sequences, pixel data by MD5) with what pydicom reads.
 *
 * <p>Files that are not compared element by element, and why:
 *
 * <ul>
 *   <li>{@link #NOT_DICOM}: text, JSON and gzip files; Radflow must reject them with a {@link
 *       DicomStreamException}.
 *   <li>{@link #REJECTED}: files pydicom reads only partially (truncated values, or garbage
 *       pydicom reads as one element); Radflow rejects them by design, naming the offset.
 * </ul>
 *
 * Charset files (chrH31, chrH32, chrKoreanMulti, chrX1, chrX2, chrRuss, chrGreek, chrArab,
 * chrFren, chrFrenMulti, chrGerm, chrHbrw, chrI2, chrJapMulti, chrJapMultiExplicitIR6,
 * chrSQEncoding, ...) are compared like every other file: their decoded text must equal pydicom's.
 */
class PydicomInteropTest {
    static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data");

    static final Map<String, String> NOT_DICOM = Map.of(
            "test_files/README.txt", "text file",
            "charset_files/FileInfo.txt", "text file",
            "test_files/dicomdirtests/README.txt", "text file",
            "test_files/dicomdirtests/TINY_ALPHA/README", "text file",
            "test_files/rtplan.dump", "text dump of rtplan.dcm",
            "test_files/rtstruct.dump", "text dump of rtstruct.dcm",
            "test_files/test1.json", "DICOM JSON, not Part 10",
            "test_files/test_PN.json", "DICOM JSON, not Part 10",
            "test_files/zipMR.gz", "gzip archive");

    static final Map<String, String> REJECTED = Map.of(
            "test_files/MR_truncated.dcm", "Pixel Data value truncated (pydicom returns the short value)",
            "test_files/rtplan_truncated.dcm", "value in a sequence truncated (pydicom returns the short value)",
            "test_files/dicomdirtests/DICOMDIR-nooffset",
                    "last directory record truncated: item length 248, 224 bytes left (pydicom reads them)",
            "test_files/no_meta.dcm", "begins with a stray byte; pydicom reads one garbage element (0820,0500)");

    @TestFactory
    Stream<DynamicTest> everyPydicomTestFileReadsAsPydicomReadsIt() throws Exception {
        Peers.requirePydicom();
        List<String> files;
        try (Stream<Path> s =
                Stream.concat(Files.walk(DATA.resolve("test_files")), Files.walk(DATA.resolve("charset_files")))) {
            files = s.filter(Files::isRegularFile)
                    .map(p -> DATA.relativize(p).toString())
                    .sorted()
                    .toList();
        }
        assertThat(files).hasSizeGreaterThan(170);
        List<String> compared = new ArrayList<>(
                files.stream().filter(f -> !NOT_DICOM.containsKey(f)).toList());
        Map<String, JsonNode> py = PydicomView.dump(DATA, compared);
        return files.stream().map(f -> DynamicTest.dynamicTest(f, () -> check(f, py.get(f))));
    }

    private static void check(String file, JsonNode py) throws Exception {
        Path path = DATA.resolve(file);
        if (NOT_DICOM.containsKey(file) || REJECTED.containsKey(file)) {
            assertThatThrownBy(() -> read(path)).isInstanceOf(DicomStreamException.class);
            if (file.equals("test_files/MR_truncated.dcm")) {
                // everything before the truncated Pixel Data is intact
                try (DicomInputStream dis = new DicomInputStream(path)) {
                    Attributes ds = dis.readDatasetUntilPixelData();
                    List<JsonNode> withoutPixels = new ArrayList<>();
                    py.get("ds").forEach(e -> {
                        if (!e.get(0).asText().equals("7FE00010")) {
                            withoutPixels.add(e);
                        }
                    });
                    var c = PydicomView.compare(
                            new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(withoutPixels), ds);
                    assertThat(c.differences()).isEmpty();
                }
            }
            return;
        }
        assertThat(py).as("pydicom output for " + file).isNotNull();
        assertThat(py.has("error")).as("pydicom reads " + file).isFalse();
        Attributes[] fmiAndDs = read(path);
        var meta = PydicomView.compare(py.get("meta"), fmiAndDs[0] == null ? new Attributes() : fmiAndDs[0]);
        var ds = PydicomView.compare(py.get("ds"), fmiAndDs[1]);
        assertThat(meta.differences()).as("File Meta differences in " + file).isEmpty();
        assertThat(ds.differences()).as("data set differences in " + file).isEmpty();
        assertThat(ds.compared()).isGreaterThan(0);
        ds.notes().forEach(n -> System.out.println(file + ": " + n));
    }

    private static Attributes[] read(Path path) throws Exception {
        try (DicomInputStream dis = new DicomInputStream(path)) {
            Attributes fmi = dis.readFileMetaInformation();
            Attributes ds = dis.readDataset();
            assertThat(ds.contains(Tag.ItemDelimitationItem)).isFalse();
            return new Attributes[] {fmi, ds};
        }
    }
}
