package io.radflow.ingest;

import static io.radflow.ingest.IngestTestSupport.assertArchivedEqual;
import static io.radflow.ingest.IngestTestSupport.files;
import static io.radflow.ingest.IngestTestSupport.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.json.JSONWriter;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.testsupport.DevStackResource;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * STOW-RS with {@code multipart/related; type="application/dicom+json"}: DICOM JSON metadata plus bulk
 * data parts (PS3.18 10.5.1.1), stored through the same path as {@code application/dicom}.
 */
@QuarkusTest
@QuarkusTestResource(DevStackResource.class)
class DicomJsonStowTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BULK = "http://client.example/bulk/";

    @Inject
    AgroalDataSource ds;

    @Test
    void jsonMetadataWithBulkPixelDataIsStoredEqualToTheOriginal() throws Exception {
        List<Path> files = files(IngestTestSupport.study(301, 2).dir()).subList(0, 2);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            w.writePart(PartHeaders.contentType("application/dicom+json"), metadata(files), 0, metadata(files).length);
            for (int i = 0; i < files.size(); i++) {
                byte[] pixels = read(files.get(i)).getBytes(Tag.PixelData);
                PartHeaders h =
                        PartHeaders.contentType("application/octet-stream").set(PartHeaders.CONTENT_LOCATION, BULK + i);
                w.writePart(h, pixels, 0, pixels.length);
            }
            w.finish();
        }
        HttpResponse<String> rsp = post(boundary, body.toByteArray());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(200);
        JsonNode refs = JSON.readTree(rsp.body()).at("/00081199/Value");
        assertThat(refs.size()).isEqualTo(2);
        for (Path f : files) {
            assertArchivedEqual(ds, f); // element by element, pixel data included
            Attributes orig = read(f);
            String rel = (String) IngestTestSupport.scalar(
                    ds,
                    "SELECT storage_path FROM ingest.v_instance WHERE sop_iuid = '" + orig.getString(Tag.SOPInstanceUID)
                            + "'");
            Attributes stored = read(IngestTestSupport.ARCHIVE.resolve(rel));
            assertThat(stored.getBytes(Tag.PixelData)).isEqualTo(orig.getBytes(Tag.PixelData));
            assertThat(IngestTestSupport.scalar(
                            ds,
                            "SELECT transfer_syntax_uid FROM ingest.v_instance WHERE sop_iuid = '"
                                    + orig.getString(Tag.SOPInstanceUID) + "'"))
                    .isEqualTo(UID.ExplicitVRLittleEndian);
        }
    }

    @Test
    void missingBulkDataPartFailsThatInstanceWithItsReason() throws Exception {
        List<Path> files = files(IngestTestSupport.study(302, 2).dir()).subList(0, 2);
        byte[] meta = metadata(files);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            w.writePart(PartHeaders.contentType("application/dicom+json"), meta, 0, meta.length);
            byte[] pixels = read(files.get(0)).getBytes(Tag.PixelData);
            w.writePart(
                    PartHeaders.contentType("application/octet-stream").set(PartHeaders.CONTENT_LOCATION, BULK + 0),
                    pixels,
                    0,
                    pixels.length);
            w.finish(); // no part for BULK + 1
        }
        HttpResponse<String> rsp = post(boundary, body.toByteArray());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(202);
        JsonNode json = JSON.readTree(rsp.body());
        assertThat(json.at("/00081199/Value").size()).isEqualTo(1);
        JsonNode failed = json.at("/00081198/Value/0");
        assertThat(failed.at("/00081155/Value/0").asText())
                .isEqualTo(read(files.get(1)).getString(Tag.SOPInstanceUID));
        assertThat(failed.at("/00081197/Value/0").asInt()).isEqualTo(0xC000);
        assertThat(failed.at("/00000902/Value/0").asText()).startsWith("no bulk data part with Content-Location");
        assertArchivedEqual(ds, files.get(0));
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String boundary;
        try (MultipartWriter w = new MultipartWriter(body)) {
            boundary = w.boundary();
            byte[] bad = "[{\"00080016\": {\"vr\": \"UI\", \"Value\": [".getBytes(StandardCharsets.UTF_8);
            w.writePart(PartHeaders.contentType("application/dicom+json"), bad, 0, bad.length);
            w.finish();
        }
        HttpResponse<String> rsp = post(boundary, body.toByteArray());
        assertThat(rsp.statusCode()).as(rsp.body()).isEqualTo(400);
        assertThat(rsp.body()).contains("malformed DICOM JSON metadata");
    }

    /** The JSON array of the files' data sets, Pixel Data as BulkDataURI {@code BULK + index}. */
    static byte[] metadata(List<Path> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var gen = JSONWriter.createGenerator(out)) {
            gen.writeStartArray();
            for (int i = 0; i < files.size(); i++) {
                String uri = BULK + i;
                new JSONWriter(gen)
                        .bulkDataURIPolicy((path, tag, vr, value, length) -> tag == Tag.PixelData ? uri : null)
                        .write(read(files.get(i)));
            }
            gen.writeEndArray();
        }
        return out.toByteArray();
    }

    static HttpResponse<String> post(String boundary, byte[] body) throws Exception {
        return IngestTestSupport.post(
                "/dicomweb/studies", "multipart/related; type=\"application/dicom+json\"; boundary=" + boundary, body);
    }
}
