package io.radflow.labeling.testing;

import com.sun.net.httpserver.HttpServer;
import io.radflow.testsupport.TestTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback stand-in for ingest-service's STOW-RS endpoint ({@code 127.0.0.1:28181}, system property
 * {@code radflow.test.ingest-stub-port}; {@link IngestIndexResource} points {@code
 * radflow.dicomweb.ingest-url} here): records what arrived (path, headers, size and SHA-256 of the body,
 * read as a stream) and answers with a DICOM JSON body; a study UID ending in {@code .409} gets 409, to
 * check that statuses pass through.
 *
 * <p>It also stands in for Keycloak's token endpoint ({@value #TOKEN_PATH}), so the labeling service's
 * {@code ServiceTokens} run their real client-credentials request: client {@code radflow-services} with
 * secret {@value #CLIENT_SECRET} gets a service-account token signed with the test key ({@link
 * TestTokens#serviceAccount}); any other credentials get 401.
 */
public final class IngestStowStub {
    public static final int PORT = Integer.getInteger("radflow.test.ingest-stub-port", 28181);
    /** Path of the token endpoint under the stub's root (issuer = root + {@code /realms/radflow}). */
    public static final String TOKEN_PATH = "/realms/radflow/protocol/openid-connect/token";
    /** The client secret the stub's token endpoint accepts for {@code radflow-services}. */
    public static final String CLIENT_SECRET = "stub-secret";

    /**
     * What the stub received last.
     *
     * @param path request path
     * @param contentType Content-Type header
     * @param chunked whether it came with Transfer-Encoding: chunked
     * @param length body bytes
     * @param sha256 hex SHA-256 of the body
     * @param authorization Authorization header
     * @param forwardedUser X-Forwarded-User header
     */
    public record Received(
            String path,
            String contentType,
            boolean chunked,
            long length,
            String sha256,
            String authorization,
            String forwardedUser) {}

    private final HttpServer server;
    private volatile Received last;
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String lastToken;
    private volatile byte[] lastBody;
    /** Bodies up to this size are kept ({@link #lastBody()}). */
    static final long KEEP_BODY = 16 << 20;

    private IngestStowStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 16);
        server.createContext("/dicomweb/studies", ex -> {
            MessageDigest md = sha256();
            long n = 0;
            java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
            try (InputStream in = ex.getRequestBody()) {
                byte[] buf = new byte[65536];
                for (int r; (r = in.read(buf)) > 0; ) {
                    md.update(buf, 0, r);
                    if (n + r <= KEEP_BODY) {
                        kept.write(buf, 0, r);
                    }
                    n += r;
                }
            }
            lastBody = n <= KEEP_BODY ? kept.toByteArray() : null;
            String path = ex.getRequestURI().getPath();
            last = new Received(
                    path,
                    ex.getRequestHeaders().getFirst("Content-Type"),
                    "chunked".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Transfer-Encoding")),
                    n,
                    HexFormat.of().formatHex(md.digest()),
                    ex.getRequestHeaders().getFirst("Authorization"),
                    ex.getRequestHeaders().getFirst("X-Forwarded-User"));
            int status = path.endsWith(".409") ? 409 : 200;
            byte[] body =
                    ("{\"00081190\":{\"vr\":\"UR\",\"Value\":[\"stub:" + n + "\"]}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/dicom+json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext(TOKEN_PATH, ex -> {
            String form = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String basic = ex.getRequestHeaders().getFirst("Authorization");
            boolean ok = form.contains("grant_type=client_credentials")
                    && (("Basic " + base64("radflow-services:" + CLIENT_SECRET)).equals(basic)
                            || (form.contains("client_id=radflow-services")
                                    && form.contains("client_secret=" + CLIENT_SECRET)));
            byte[] body;
            if (ok) {
                String token =
                        TestTokens.serviceAccount("radflow-services", "admin", "radiologist", "annotator", "pacs");
                lastToken = token;
                tokensIssued.incrementAndGet();
                body = ("{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                body = "{\"error\":\"unauthorized_client\"}".getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(ok ? 200 : 401, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The root URL of the stub (ingest's STOW-RS base). */
    public static String url() {
        return "http://127.0.0.1:" + PORT;
    }

    /** The issuer URL whose token endpoint the stub serves. */
    public static String issuer() {
        return url() + "/realms/radflow";
    }

    /** The last service token the stub issued, or null. */
    public String lastServiceToken() {
        return lastToken;
    }

    /** How many service tokens the stub issued. */
    public int tokensIssued() {
        return tokensIssued.get();
    }

    private static IngestStowStub instance;

    /** The stub, started on first use and kept for the test JVM. */
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

    /**
     * Stops the stub, so that a restarted application (another test profile: new class loader, new static
     * state) can bind the port again. Called when the test resource stops.
     */
    public static synchronized void stop() {
        if (instance != null) {
            instance.server.stop(0);
            instance = null;
        }
    }

    /** The body of the last STOW-RS request when it was at most 16 MB, else null. */
    public byte[] lastBody() {
        return lastBody;
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
