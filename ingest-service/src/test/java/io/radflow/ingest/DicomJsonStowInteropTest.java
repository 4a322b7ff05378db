package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DICOM JSON written by an independent implementation, pydicom's {@code Dataset.to_json} (Debian's
 * {@code /usr/bin/python3}), with its binary values above 1 KiB handed out as BulkDataURIs and sent as
 * bulk data parts: the stored instance equals, element by element, the file pydicom read (compared by
 * pydicom: pydicom writes DS values as JSON numbers, so "120" comes back as "120.0", equal in value),
 * and its pixel data byte for byte.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DicomJsonStowInteropTest {
    static final String PYTHON = "/usr/bin/python3";

    static final String TO_JSON =
            """
            import sys, json, pydicom
            src, out = sys.argv[1], sys.argv[2]
            ds = pydicom.dcmread(src)
            def bulk(elem):
                name = "%08X" % int(elem.tag)
                with open(out + "/" + name + ".bin", "wb") as f:
                    f.write(elem.value)
                return "http://pydicom.example/bulk/" + name
            meta = ds.to_json(bulk_data_threshold=1024, bulk_data_element_handler=bulk)
            with open(out + "/meta.json", "w") as f:
                f.write("[" + meta + "]")
            """;

    static final String COMPARE =
            """
            import sys, pydicom
            a, b = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])
            def walk(x, y, at):
                for t in sorted(set(x.keys()) | set(y.keys())):
                    if t not in x or t not in y:
                        print("only in one:", at, t); continue
                    ex, ey = x[t], y[t]
                    if ex.VR == "SQ":
                        if len(ex.value) != len(ey.value): print("items differ:", at, t)
                        for i, (ix, iy) in enumerate(zip(ex.value, ey.value)): walk(ix, iy, "%s%s/%d " % (at, t, i))
                    elif ex.VR != ey.VR or ex.value != ey.value:
                        print("differs:", at, t, ex.VR, ey.VR)
            walk(a, b, "")
            print("compared", len(a), "elements")
            """;

    @Inject
    AgroalDataSource ds;

    @TempDir
    Path tmp;

    @Test
    void pydicomJsonWithBulkDataIsStoredEqualToTheOriginal() throws Exception {
        requirePydicom();
        Path original = files(IngestTestSupport.study(303, 1).dir()).get(0);
        Process p = new ProcessBuilder(PYTHON, "-c", TO_JSON, original.toString(), tmp.toString())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            byte[] meta = Files.readAllBytes(tmp.resolve("meta.json"));
            w.writePart(PartHeaders.contentType("application/dicom+json"), meta, 0, meta.length);
            List<Path> bulk;
            try (var s = Files.list(tmp)) {
                bulk = s.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
            }
            assertThat(bulk)
                    .as("pydicom handed out the pixel data as bulk data")
                    .isNotEmpty();
            for (Path b : bulk) {
                String name = b.getFileName().toString().replace(".bin", "");
                byte[] bytes = Files.readAllBytes(b);
                w.writePart(
                        PartHeaders.contentType("application/octet-stream")
                                .set(PartHeaders.CONTENT_LOCATION, "http://pydicom.example/bulk/" + name),
                        bytes,
                        0,
                        bytes.length);
            }
            w.finish();
        }
        HttpResponse<String> rsp = DicomJsonStowTest.post(boundary, body.toByteArray());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);
        Attributes orig = read(original);
        String rel = (String) IngestTestSupport.scalar(
                ds,
                "SELECT storage_path FROM ingest.v_instance WHERE sop_iuid = '" + orig.getString(Tag.SOPInstanceUID)
                        + "'");
        Path stored = IngestTestSupport.ARCHIVE.resolve(rel);
        Process cmp = new ProcessBuilder(PYTHON, "-c", COMPARE, original.toString(), stored.toString())
                .redirectErrorStream(true)
                .start();
        String diff = new String(cmp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cmp.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(diff).startsWith("compared ").doesNotContain("differs", "only in one", "items differ");
        assertThat(read(stored).getBytes(Tag.PixelData)).isEqualTo(orig.getBytes(Tag.PixelData));
    }

    /**
     * Compressed pixel data as a bulk data part of its image media type (PS3.18 8.7.3): pydicom's
     * single-frame JPEG baseline, JPEG-LS and JPEG 2000 files, metadata written by Radflow's JSONWriter,
     * the pixel data part the file's one fragment. Stored in the syntax the media type names, every
     * other element equal, the fragment byte for byte.
     */
    @ParameterizedTest
    @CsvSource({
        "SC_rgb_jpeg_dcmtk.dcm, image/jpeg",
        "MR_small_jpeg_ls_lossless.dcm, image/jls",
        "JPEG2000.dcm, image/jp2; transfer-syntax=1.2.840.10008.1.2.4.91"
    })
    void compressedPixelDataPartIsStoredEncapsulated(String name, String mediaType) throws Exception {
        requirePydicom();
        Path file = PYDICOM_FILES.resolve(name);
        Attributes orig = read(file);
        String tsuid;
        try (var in = new io.radflow.dicom.io.DicomInputStream(file)) {
            in.readFileMetaInformation();
            tsuid = in.getTransferSyntax();
        }
        Fragments frags = (Fragments) orig.getValue(Tag.PixelData);
        assertThat(frags).hasSize(2); // Basic Offset Table + one fragment
        byte[] fragment = frags.bytes(1);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        try (var gen = JSONWriter.createGenerator(meta)) {
            gen.writeStartArray();
            new JSONWriter(gen)
                    .bulkDataURIPolicy((path, tag, vr, value, length) ->
                            tag == Tag.PixelData ? "http://client.example/frames/1" : null)
                    .write(orig);
            gen.writeEndArray();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            w.writePart(PartHeaders.contentType("application/dicom+json"), meta.toByteArray(), 0, meta.size());
            w.writePart(
                    PartHeaders.contentType(mediaType)
                            .set(PartHeaders.CONTENT_LOCATION, "http://client.example/frames/1"),
                    fragment,
                    0,
                    fragment.length);
            w.finish();
        }
        HttpResponse<String> rsp = DicomJsonStowTest.post(boundary, body.toByteArray());
        assertThat(rsp.statusCode()).as(rsp.body()).isIn(200);
        String iuid = orig.getString(Tag.SOPInstanceUID);
        assertThat(IngestTestSupport.scalar(
                        ds, "SELECT transfer_syntax_uid FROM ingest.v_instance WHERE sop_iuid = '" + iuid + "'"))
                .isEqualTo(tsuid);
        String rel = (String) IngestTestSupport.scalar(
                ds, "SELECT storage_path FROM ingest.v_instance WHERE sop_iuid = '" + iuid + "'");
        Attributes stored = read(IngestTestSupport.ARCHIVE.resolve(rel));
        Fragments storedFrags = (Fragments) stored.getValue(Tag.PixelData);
        assertThat(storedFrags).hasSize(2);
        assertThat(storedFrags.bytes(1)).isEqualTo(fragment);
        orig.remove(Tag.PixelData);
        stored.remove(Tag.PixelData);
        assertThat(stored).isEqualTo(orig);
    }

    static final Path PYDICOM_FILES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    /** pydicom from Debian: required in CI, else the test is skipped. */
    static void requirePydicom() throws Exception {
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import pydicom")
                                .redirectErrorStream(true)
                                .start()
                                .waitFor()
                        == 0;
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("pydicom (Debian python3-pydicom) is required in CI");
        }
        Assumptions.assumeTrue(present, "pydicom (Debian python3-pydicom) not installed");
    }
}
