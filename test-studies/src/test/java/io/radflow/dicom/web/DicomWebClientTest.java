package io.radflow.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.mime.MediaTypes;
import io.radflow.dicom.mime.MultipartWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's error paths against a tiny in-JVM HTTP server: 401 → invalidate → one retry, 503
 * retryable, a truncated or cut-off multipart body, and a STOW-RS response with failures.
 */
class DicomWebClientTest {
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    HttpServer server;
    volatile Handler handler;
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
                ex.getRequestBody().readAllBytes();
                handler.handle(ex);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    DicomWebClient client(java.util.function.Supplier<String> auth, Runnable onUnauthorized) {
        return new DicomWebClient(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/dicomweb/",
                auth,
                onUnauthorized,
                new DicomWebClient.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    static void respond(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        ex.getResponseBody().write(body);
    }

    static Attributes image(String uid) {
        Attributes ds = new Attributes();
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, uid);
        ds.setInt(Tag.Rows, VR.US, 2);
        ds.setInt(Tag.Columns, VR.US, 2);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[8]);
        return ds;
    }

    /** A multipart/related body of Part 10 objects, and its Content-Type. */
    static byte[] multipart(String boundary, Attributes... datasets) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MultipartWriter w = new MultipartWriter(out, boundary);
        for (Attributes ds : datasets) {
            DicomOutputStream dos =
                    new DicomOutputStream(w.startPart(MediaTypes.APPLICATION_DICOM), UID.ExplicitVRLittleEndian);
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
            dos.flush();
        }
        w.finish();
        return out.toByteArray();
    }

    static final String MULTIPART = "multipart/related; type=\"application/dicom\"; boundary=b0undary";

    @Test
    void a401InvalidatesTheTokenAndRetriesOnce() throws Exception {
        AtomicInteger token = new AtomicInteger(1);
        AtomicInteger invalidated = new AtomicInteger();
        handler = ex -> {
            boolean fresh = "Bearer t2".equals(ex.getRequestHeaders().getFirst("Authorization"));
            respond(
                    ex,
                    fresh ? 200 : 401,
                    fresh ? MULTIPART : "text/plain",
                    fresh ? multipart("b0undary", image("1.2.3.1")) : "expired".getBytes(StandardCharsets.UTF_8));
        };
        DicomWebClient c = client(() -> "Bearer t" + token.get(), () -> {
            invalidated.incrementAndGet();
            token.incrementAndGet();
        });

        RetrievedInstance ri = c.retrieveInstance("1.2", "1.2.3", "1.2.3.1");

        assertThat(ri.sopInstanceUid()).isEqualTo("1.2.3.1");
        assertThat(invalidated).hasValue(1);
        assertThat(authorizations).containsExactly("Bearer t1", "Bearer t2");
    }

    @Test
    void aSecond401IsANonRetryableFailure() {
        AtomicInteger invalidated = new AtomicInteger();
        handler = ex -> respond(ex, 401, "text/plain", "no".getBytes(StandardCharsets.UTF_8));
        DicomWebClient c = client(() -> "Bearer x", invalidated::incrementAndGet);

        DicomWebException e = catchThrowableOfType(DicomWebException.class, () -> c.seriesMetadata("1.2", "1.2.3"));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.retryable()).isFalse();
        assertThat(invalidated).hasValue(1);
        assertThat(authorizations).hasSize(2);
    }

    @Test
    void a503IsRetryableWithStatusUrlAndBody() {
        handler = ex -> respond(ex, 503, "text/plain", "archive busy".getBytes(StandardCharsets.UTF_8));
        DicomWebClient c = client(() -> null, null);

        DicomWebException e = catchThrowableOfType(DicomWebException.class, () -> c.retrieveSeries("1.2", "1.2.3"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.bodyExcerpt()).isEqualTo("archive busy");
        assertThat(e.uri()).hasPath("/dicomweb/studies/1.2/series/1.2.3");
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void aTruncatedMultipartBodyFailsNamingTheProblem() throws Exception {
        byte[] whole = multipart("b0undary", image("1.2.3.1"), image("1.2.3.2"));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 100); // inside the second instance
        handler = ex -> respond(ex, 200, MULTIPART, truncated);
        DicomWebClient c = client(() -> null, null);

        DicomWebException e = catchThrowableOfType(DicomWebException.class, () -> c.retrieveSeries("1.2", "1.2.3"));

        assertThat(e.retryable())
                .as("a complete HTTP response with a malformed body")
                .isFalse();
        assertThat(e).hasMessageContaining("part 2").hasMessageContaining("1.2.3.2");
        assertThat(e.getCause()).hasMessageContaining("end");
    }

    @Test
    void aConnectionClosedMidBodyIsRetryable() throws Exception {
        byte[] whole = multipart("b0undary", image("1.2.3.1"), image("1.2.3.2"));
        handler = ex -> {
            ex.getResponseHeaders().add("Content-Type", MULTIPART);
            ex.sendResponseHeaders(200, whole.length);
            OutputStream out = ex.getResponseBody();
            out.write(whole, 0, whole.length / 2);
            out.flush();
            ex.getHttpContext().getServer().stop(0); // the peer goes away mid-response
        };
        DicomWebClient c = client(() -> null, null);

        DicomWebException e = catchThrowableOfType(DicomWebException.class, () -> c.retrieveSeries("1.2", "1.2.3"));

        assertThat(e.retryable()).as(e.toString()).isTrue();
    }

    @Test
    void stowFailuresAndWarningsComeBackInTheResult() {
        String json =
                """
                {"00081199": {"vr": "SQ", "Value": [
                   {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.66.4"]},
                    "00081155": {"vr": "UI", "Value": ["1.2.3.1"]},
                    "00081196": {"vr": "US", "Value": [45056]}}]},
                 "00081198": {"vr": "SQ", "Value": [
                   {"00081150": {"vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.88.33"]},
                    "00081155": {"vr": "UI", "Value": ["1.2.3.2"]},
                    "00081197": {"vr": "US", "Value": [273]},
                    "00000902": {"vr": "LO", "Value": ["different content"]}}]}}
                """;
        handler = ex -> {
            assertThat(ex.getRequestMethod()).isEqualTo("POST");
            assertThat(ex.getRequestURI().getPath()).isEqualTo("/dicomweb/studies");
            respond(ex, 202, "application/dicom+json", json.getBytes(StandardCharsets.UTF_8));
        };
        DicomWebClient c = client(() -> null, null);

        StoreResult r = catchNothing(() -> c.store(List.of(image("1.2.3.1"), image("1.2.3.2"))));

        assertThat(r.httpStatus()).isEqualTo(202);
        assertThat(r.stored()).containsExactly("1.2.3.1");
        assertThat(r.warnings()).containsExactly("1.2.3.1: B000H");
        assertThat(r.failed())
                .containsExactly(
                        new StoreResult.Failure("1.2.3.2", UID.ComprehensiveSRStorage, 0x0111, "different content"));
        assertThat(r.allStored()).isFalse();
    }

    interface Call<T> {
        T call() throws Exception;
    }

    static <T> T catchNothing(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
