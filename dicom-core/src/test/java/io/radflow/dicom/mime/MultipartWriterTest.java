package io.radflow.dicom.mime;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class MultipartWriterTest {

    @Test
    void writesWadoFramesResponse() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter w = new MultipartWriter(out, "frame-boundary");
        ContentType ct = w.contentType(MediaTypes.APPLICATION_OCTET_STREAM, "1.2.840.10008.1.2.1");
        assertThat(ct.toString())
                .isEqualTo("multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1;"
                        + " boundary=frame-boundary");
        PartHeaders h = PartHeaders.contentType(
                        MediaTypes.APPLICATION_OCTET_STREAM + "; transfer-syntax=1.2.840.10008.1.2.1")
                .add(PartHeaders.CONTENT_LOCATION, "/studies/1/series/2/instances/3/frames/1");
        w.writePart(h, new byte[] {1, 2, 3}, 0, 3);
        try (OutputStream part = w.startPart(MediaTypes.APPLICATION_OCTET_STREAM)) {
            part.write(4);
            part.write(new byte[] {5, 6}, 0, 2);
        }
        w.finish();
        w.finish(); // idempotent
        assertThat(out.toString(US_ASCII))
                .isEqualTo("--frame-boundary\r\n"
                        + "Content-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n"
                        + "Content-Location: /studies/1/series/2/instances/3/frames/1\r\n"
                        + "\r\n\u0001\u0002\u0003"
                        + "\r\n--frame-boundary\r\n"
                        + "Content-Type: application/octet-stream\r\n"
                        + "\r\n\u0004\u0005\u0006"
                        + "\r\n--frame-boundary--\r\n");

        MultipartReader r = MultipartReader.of(new ByteArrayInputStream(out.toByteArray()), ct.toString());
        MultipartPart p = r.nextPart();
        assertThat(p.contentLocation()).isEqualTo("/studies/1/series/2/instances/3/frames/1");
        assertThat(p.body().readAllBytes()).containsExactly(1, 2, 3);
        assertThat(r.nextPart().body().readAllBytes()).containsExactly(4, 5, 6);
        assertThat(r.nextPart()).isNull();
    }

    @Test
    void randomBoundariesDiffer() {
        String b = MultipartWriter.newBoundary();
        assertThat(b).matches("radflow-[0-9a-f]{32}").isNotEqualTo(MultipartWriter.newBoundary());
    }

    @Test
    void rejectsMisuse() throws IOException {
        assertThatThrownBy(() -> new MultipartWriter(OutputStream.nullOutputStream(), "a\r\nb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultipartWriter(OutputStream.nullOutputStream(), "x".repeat(71)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartHeaders.contentType("text/plain\r\nX-Injected: 1"))
                .isInstanceOf(IllegalArgumentException.class);
        MultipartWriter w = new MultipartWriter(OutputStream.nullOutputStream());
        OutputStream first = w.startPart("text/plain");
        w.startPart("text/plain");
        assertThatThrownBy(() -> first.write(1)).isInstanceOf(IllegalStateException.class);
        w.finish();
        assertThatThrownBy(() -> w.startPart("text/plain")).isInstanceOf(IllegalStateException.class);
    }
}
