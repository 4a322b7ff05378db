package io.radflow.dicom.mime;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Streaming writer of a {@code multipart/related} body (RFC 2046, RFC 2387), for WADO-RS responses
 * (PS3.18 section 8.7.3.3) and STOW-RS requests.
 *
 * <pre>{@code
 * MultipartWriter w = new MultipartWriter(out);
 * response.header("Content-Type", w.contentType(MediaTypes.APPLICATION_DICOM, null).toString());
 * for (Path file : files) {
 *     w.writePart(PartHeaders.contentType(MediaTypes.APPLICATION_DICOM), Files.newInputStream(file));
 * }
 * w.finish();
 * }</pre>
 *
 * <p>Output: {@code --B CRLF headers CRLF body} for the first part, {@code CRLF --B CRLF headers
 * CRLF body} for the others, and {@code CRLF --B-- CRLF} at the end. The boundary is random (128
 * bits from {@link SecureRandom}) unless given, so it does not occur in the bodies. Not
 * thread-safe; the writer does not buffer: wrap {@code out} in a buffered stream if writes are
 * small.
 */
public final class MultipartWriter implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CRLF = {'\r', '\n'};

    private final OutputStream out;
    private final String boundary;
    private final byte[] dashBoundary;
    private int parts;
    private boolean finished;
    private PartOutputStream open;

    /** A writer with a new random boundary. */
    public MultipartWriter(OutputStream out) {
        this(out, newBoundary());
    }

    /**
     * A writer with the given boundary: 1 to 70 characters of RFC 2046 {@code bchars}, not ending
     * in a space.
     */
    public MultipartWriter(OutputStream out, String boundary) {
        this.out = Objects.requireNonNull(out, "out");
        this.boundary = checkBoundary(boundary);
        this.dashBoundary = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /** A random boundary: {@code radflow-} and 32 hex digits. */
    public static String newBoundary() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return "radflow-" + HexFormat.of().formatHex(b);
    }

    /** The boundary. */
    public String boundary() {
        return boundary;
    }

    /**
     * The {@code Content-Type} of this body: {@code multipart/related; type="TYPE";
     * [transfer-syntax=TS;] boundary=B}.
     *
     * @param transferSyntax the {@code transfer-syntax} parameter, or {@code null}
     */
    public ContentType contentType(String type, String transferSyntax) {
        return MediaTypes.multipartRelated(type, transferSyntax, boundary);
    }

    /** Number of parts started so far. */
    public int parts() {
        return parts;
    }

    /**
     * Starts a part and returns the stream for its body; it ends when the next part starts or the
     * writer finishes. Closing the returned stream does not close the underlying one.
     */
    public OutputStream startPart(PartHeaders headers) throws IOException {
        if (finished) {
            throw new IllegalStateException("multipart body already finished");
        }
        endOpenPart();
        StringBuilder sb = new StringBuilder(128);
        if (parts > 0) {
            sb.append("\r\n");
        }
        sb.append("--").append(boundary).append("\r\n").append(headers).append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        parts++;
        open = new PartOutputStream();
        return open;
    }

    /** Starts a part with only a {@code Content-Type}. */
    public OutputStream startPart(String contentType) throws IOException {
        return startPart(PartHeaders.contentType(contentType));
    }

    /** Writes a whole part. */
    public void writePart(PartHeaders headers, byte[] body, int off, int len) throws IOException {
        startPart(headers).write(body, off, len);
    }

    /** Writes a whole part. */
    public void writePart(String contentType, byte[] body) throws IOException {
        writePart(PartHeaders.contentType(contentType), body, 0, body.length);
    }

    /** Writes a whole part from {@code body}, which is read to its end but not closed. */
    public void writePart(PartHeaders headers, InputStream body) throws IOException {
        body.transferTo(startPart(headers));
    }

    /**
     * Writes the close delimiter and flushes, without closing the underlying stream. A body with
     * no part is still a valid body only for readers that accept it; DICOMweb responses should not
     * be empty (use 204 instead).
     */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        endOpenPart();
        if (parts > 0) {
            out.write(CRLF);
        }
        out.write(dashBoundary);
        out.write('-');
        out.write('-');
        out.write(CRLF);
        out.flush();
        finished = true;
    }

    /** Finishes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            out.close();
        }
    }

    private void endOpenPart() {
        if (open != null) {
            open.ended = true;
            open = null;
        }
    }

    private static String checkBoundary(String b) {
        if (b == null || b.isEmpty() || b.length() > 70 || b.endsWith(" ")) {
            throw new IllegalArgumentException("boundary must have 1 to 70 characters and not end in a space");
        }
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "'()+_,-./:=? ".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("invalid boundary character '" + c + "'");
            }
        }
        return b;
    }

    private final class PartOutputStream extends OutputStream {
        boolean ended;

        private void check() {
            if (ended) {
                throw new IllegalStateException("part already ended: a later part was started or the body finished");
            }
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        /** Does not close the underlying stream. */
        @Override
        public void close() {}
    }
}
