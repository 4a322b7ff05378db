package io.radflow.labeling.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A loopback stand-in for ingest-service's STOW-RS endpoint ({@code 127.0.0.1:28181}, the test
 * profile's {@code radflow.dicomweb.ingest-url}): records what arrived (path, headers, size and
 * SHA-256 of the body, read as a stream) and answers with a DICOM JSON body; a study UID ending in
 * {@code .409} gets 409, to check that statuses pass through.
 */
public final class IngestStowStub {
    public static final int PORT = 28181;

    /**
     * What the stub received last.
     *
     * @param path request path
     * @param contentType Content-Type header
     * @param chunked whether it came with Transfer-Encoding: chunked
     * @param length body bytes
     * @param sha256 hex SHA-256 of the body
     */
    public record Received(String path, String contentType, boolean chunked, long length, String sha256) {}

    private final HttpServer server;
    private volatile Received last;

    private IngestStowStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 16);
        server.createContext("/dicomweb/studies", ex -> {
            MessageDigest md = sha256();
            long n = 0;
            try (InputStream in = ex.getRequestBody()) {
                byte[] buf = new byte[65536];
                for (int r; (r = in.read(buf)) > 0; ) {
                    md.update(buf, 0, r);
                    n += r;
                }
            }
            String path = ex.getRequestURI().getPath();
            last = new Received(
                    path,
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    "chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding")),
                    n,
                    HexFormat.of().formatHex(md.digest()));
            int status = path.endsWith(".409") ? 409 : 200;
            byte[] body =
                    ("{\"00081190\":{\"vr\":\"UR\",\"Value\":[\"stub:" + n + "\"]}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/dicom+json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static IngestStowStub instance;

    /** The stub, started on first use and kept for the test JVM (port 28181 is fixed in the test profile). */
    public static synchronized IngestStowStub get() {
        if (instance == null) {
            try {
                instance = new IngestStowStub();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    public Received last() {
        return last;
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
