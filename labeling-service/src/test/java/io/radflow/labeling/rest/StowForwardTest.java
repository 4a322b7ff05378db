package io.radflow.labeling.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.radflow.dicom.mime.MultipartWriter;
import io.radflow.dicom.mime.PartHeaders;
import io.radflow.labeling.testing.Http;
import io.radflow.labeling.testing.IngestIndexResource;
import io.radflow.labeling.testing.IngestStowStub;
import io.radflow.labeling.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STOW-RS at the labeling DICOMweb root is forwarded to ingest's STOW-RS endpoint (here a loopback
 * stub, {@link IngestStowStub}): the body arrives byte for byte (also when the client streams it
 * chunked), the path keeps the study UID, and ingest's status and body come back unchanged. Ingest gets
 * the labeling service's own client-credentials token (fetched from the stub's token endpoint), never
 * the caller's, and the caller's user name in {@code X-Forwarded-User}.
 */
@QuarkusTest
@QuarkusTestResource(IngestIndexResource.class)
class StowForwardTest {
    static final String CALLER = Http.authorization("annotator");
    static IngestStowStub stub;

    @BeforeAll
    static void startStub() {
        stub = IngestStowStub.get();
    }

    @Test
    void multipartBodyIsForwardedUnchanged() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        MultipartWriter mw = new MultipartWriter(body);
        for (int i = 0; i < 3; i++) {
            mw.writePart(
                    PartHeaders.contentType("application/dicom"),
                    Files.readAllBytes(TestData.ct().file(i)),
                    0,
                    (int) Files.size(TestData.ct().file(i)));
        }
        mw.finish();
        String ct = "multipart/related; type=\"application/dicom\"; boundary=" + mw.boundary();
        HttpResponse<String> r = post("/studies", ct, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/dicom+json");
        assertThat(r.body()).contains("stub:" + body.size());
        assertThat(stub.last().path()).isEqualTo("/dicomweb/studies");
        assertThat(stub.last().contentType()).isEqualTo(ct);
        assertThat(stub.last().sha256()).isEqualTo(sha256(body.toByteArray()));
        assertThat(stub.last().authorization())
                .as("the service's client-credentials token, not the caller's")
                .isEqualTo("Bearer " + stub.lastServiceToken())
                .isNotEqualTo(CALLER);
        assertThat(stub.last().forwardedUser()).isEqualTo("annotator");
    }

    @Test
    void serviceTokenIsCachedAcrossRequests() throws Exception {
        String ct = "multipart/related; type=\"application/dicom\"; boundary=x";
        post("/studies/1.2.3.409", ct, HttpRequest.BodyPublishers.ofByteArray(new byte[10]));
        int issued = stub.tokensIssued();
        String first = stub.last().authorization();
        post("/studies/1.2.3.409", ct, HttpRequest.BodyPublishers.ofByteArray(new byte[10]));
        assertThat(stub.tokensIssued()).isEqualTo(issued);
        assertThat(stub.last().authorization()).isEqualTo(first).startsWith("Bearer ");
    }

    @Test
    void streamedBodyOfUnknownLengthIsStreamedOnAndStatusPassesThrough() throws Exception {
        long size = 48L << 20;
        MessageDigest md = IngestStowStub.sha256();
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream out = new PipedOutputStream(in);
        Thread producer = Thread.ofVirtual().start(() -> write(out, size, md));
        HttpResponse<String> r = post(
                "/studies/1.2.3.409",
                "multipart/related; type=\"application/dicom\"; boundary=x",
                HttpRequest.BodyPublishers.ofInputStream(() -> in));
        producer.join();
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(stub.last().path()).isEqualTo("/dicomweb/studies/1.2.3.409");
        assertThat(stub.last().length()).isEqualTo(size);
        assertThat(stub.last().sha256()).isEqualTo(HexFormat.of().formatHex(md.digest()));
    }

    private static void write(OutputStream out, long size, MessageDigest md) {
        byte[] chunk = new byte[1 << 16];
        try (out) {
            for (long done = 0; done < size; done += chunk.length) {
                chunk[(int) (done % 1000)]++;
                md.update(chunk);
                out.write(chunk);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String path, String ct, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(Http.DICOMWEB + path))
                .header("Authorization", CALLER)
                .header("Content-Type", ct)
                .header("Accept", "application/dicom+json")
                .POST(body)
                .build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256(byte[] b) {
        return HexFormat.of().formatHex(IngestStowStub.sha256().digest(b));
    }
}
