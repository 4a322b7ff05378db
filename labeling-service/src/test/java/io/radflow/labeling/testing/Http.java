package io.radflow.labeling.testing;

import io.radflow.dicom.mime.MultipartPart;
import io.radflow.dicom.mime.MultipartReader;
import io.radflow.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the tests (java.net.http; keeps bytes and headers as sent). */
public final class Http {
    /** The labeling service under test. */
    public static final String ROOT = "http://127.0.0.1:" + Integer.getInteger("quarkus.http.test-port", 28080);

    public static final String DICOMWEB = ROOT + "/dicomweb";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {}

    private static volatile String token;
    private static volatile Instant tokenIssued = Instant.EPOCH;

    /**
     * {@code Bearer <token>} of a reader (role {@code radiologist}, signed with the test key: {@link
     * TestTokens}), renewed every minute so it never expires during a long test class.
     */
    public static String authorization() {
        if (tokenIssued.isBefore(Instant.now().minusSeconds(60))) {
            token = TestTokens.forRole("radiologist");
            tokenIssued = Instant.now();
        }
        return "Bearer " + token;
    }

    /** {@code Bearer <token>} of the demo user named after {@code role}, holding that role (test key). */
    public static String authorization(String role) {
        return "Bearer " + TestTokens.forRole(role);
    }

    /**
     * GET with header name/value pairs, as a reader ({@link #authorization()}) unless the headers carry an
     * {@code Authorization} of their own.
     */
    public static HttpResponse<byte[]> get(String url, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : DICOMWEB + url));
        boolean authorized = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            authorized |= "Authorization".equalsIgnoreCase(headers[i]);
        }
        if (!authorized) {
            b.header("Authorization", authorization());
        }
        try {
            return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A part of a multipart body, read fully, with its Content-Type and Content-Location (or null). */
    public record Part(String contentType, String contentLocation, byte[] body) {}

    /** The parts of a multipart/related response. */
    public static List<Part> parts(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElseThrow();
        List<Part> out = new ArrayList<>();
        try (MultipartReader mr = MultipartReader.of(new ByteArrayInputStream(r.body()), ct)) {
            for (MultipartPart p = mr.nextPart(); p != null; p = mr.nextPart()) {
                out.add(new Part(
                        p.headers().get("Content-Type"),
                        p.headers().get("Content-Location"),
                        p.body().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
