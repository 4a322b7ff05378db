package io.radflow.dicom.mime;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Streaming reader of a MIME multipart body (RFC 2046 section 5.1, RFC 2387 {@code
 * multipart/related}) such as a STOW-RS request (PS3.18 section 10.5).
 *
 * <pre>{@code
 * MultipartReader reader = MultipartReader.of(request.body(), request.header("Content-Type"));
 * for (MultipartPart part; (part = reader.nextPart()) != null; ) {
 *     part.body().transferTo(file);   // streamed, never buffered whole
 * }
 * }</pre>
 *
 * <p>The reader skips the preamble (a first boundary without a leading CRLF is accepted), accepts
 * transport padding after boundaries, unfolds folded header lines, ignores the epilogue, and
 * checks a part's {@code Content-Length} against its real length. Delimiters are found eight bytes
 * at a time (the CR that starts one) in a fixed read buffer ({@link DelimiterScanner}), so memory
 * use does not depend on the size of the parts. Malformed input and exceeded {@link MultipartLimits} end in a {@link
 * MultipartException} naming the byte offset; after one, the reader keeps throwing it.
 *
 * <p>Not thread-safe. A part's body stream is valid until the next {@link #nextPart()} call.
 */
public final class MultipartReader implements Closeable {
    private static final int START = 0;
    private static final int IN_PART = 1;
    private static final int DONE = 2;
    private static final int MAX_BOUNDARY_LENGTH = 256;

    private final MultipartLimits limits;
    private final String boundary;
    private final DelimiterScanner s;

    private int state = START;
    private int partCount;
    private boolean bodyEnded;
    private long bodyCount;
    private long declaredLength = -1;
    private MultipartException failure;

    /** A reader with the {@link MultipartLimits#DEFAULT default limits}. */
    public MultipartReader(InputStream in, String boundary) throws MultipartException {
        this(in, boundary, MultipartLimits.DEFAULT);
    }

    /**
     * A reader of {@code in}, delimited by {@code boundary} (the value of the {@code boundary}
     * parameter, without leading dashes).
     *
     * @throws MultipartException if the boundary is empty, too long or has control characters
     */
    public MultipartReader(InputStream in, String boundary, MultipartLimits limits) throws MultipartException {
        Objects.requireNonNull(in, "in");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.boundary = checkBoundary(boundary);
        byte[] delim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.s = new DelimiterScanner(in, delim, Math.max(limits.bufferSize(), limits.maxHeaderLineLength() + 4));
    }

    /**
     * A reader for a body with header {@code Content-Type: contentType}, which must be a {@code
     * multipart/*} type with a {@code boundary} parameter.
     */
    public static MultipartReader of(InputStream in, String contentType) throws MultipartException {
        return of(in, contentType, MultipartLimits.DEFAULT);
    }

    /** Same, with limits. */
    public static MultipartReader of(InputStream in, String contentType, MultipartLimits limits)
            throws MultipartException {
        ContentType ct;
        try {
            ct = ContentType.parse(contentType == null ? "" : contentType);
        } catch (InvalidMediaTypeException e) {
            throw new MultipartException("invalid Content-Type: " + e.getMessage(), 0, e);
        }
        if (!ct.isMultipart()) {
            throw new MultipartException("Content-Type " + ct.mediaType() + " is not multipart", 0);
        }
        if (ct.boundary() == null) {
            throw new MultipartException("Content-Type " + ct.mediaType() + " has no boundary parameter", 0);
        }
        return new MultipartReader(in, ct.boundary(), limits);
    }

    /** The boundary. */
    public String boundary() {
        return boundary;
    }

    /** Number of bytes of the multipart body consumed so far. */
    public long position() {
        return s.position();
    }

    /**
     * The next body part, skipping the unread rest of the current one; {@code null} after the
     * close delimiter.
     *
     * @throws MultipartException on malformed input or an exceeded limit
     * @throws IOException if the underlying stream fails
     */
    public MultipartPart nextPart() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            return readNextPart();
        } catch (MultipartException e) {
            failure = e;
            throw e;
        }
    }

    /** Closes the underlying stream. */
    @Override
    public void close() throws IOException {
        state = DONE;
        s.close();
    }

    private MultipartPart readNextPart() throws IOException {
        if (state == DONE) {
            return null;
        }
        if (state == START) {
            skipPreamble();
            state = IN_PART;
        } else if (!bodyEnded) {
            skipBody();
        }
        if (!consumeDelimiter()) {
            state = DONE;
            bodyEnded = true;
            return null;
        }
        if (partCount >= limits.maxParts()) {
            throw new MultipartException("more than " + limits.maxParts() + " parts", position());
        }
        int index = partCount++;
        long headerOffset = position();
        PartHeaders headers = readHeaders(index);
        ContentType contentType = null;
        String ctValue = headers.get(PartHeaders.CONTENT_TYPE);
        if (ctValue != null) {
            try {
                contentType = ContentType.parse(ctValue);
            } catch (InvalidMediaTypeException e) {
                throw new MultipartException(
                        "part " + index + ": invalid Content-Type: " + e.getMessage(), headerOffset, e);
            }
        }
        declaredLength = parseContentLength(headers.get(PartHeaders.CONTENT_LENGTH), index, headerOffset);
        startBody();
        return new MultipartPart(index, headers, contentType, declaredLength, position(), new PartStream(index));
    }

    private void skipPreamble() throws IOException {
        startBody();
        long skipped = 0;
        while (true) {
            int n = bodyAvailable(-1);
            if (n == 0) {
                return;
            }
            s.pos += n;
            skipped += n;
            if (skipped > limits.maxPreambleBytes()) {
                throw new MultipartException(
                        "no boundary \"" + boundary + "\" within the first " + limits.maxPreambleBytes() + " bytes",
                        position());
            }
        }
    }

    /** Prepares the search for the delimiter that ends the body starting at the position. */
    private void startBody() throws IOException {
        bodyEnded = false;
        bodyCount = 0;
        s.startBody();
    }

    private void skipBody() throws IOException {
        while (true) {
            int n = bodyAvailable(partCount - 1);
            if (n == 0) {
                return;
            }
            s.pos += n;
            bodyCount += n;
        }
    }

    /** Body bytes available at the position, reading if needed; 0 at the end of the body. */
    private int bodyAvailable(int partIndex) throws IOException {
        int n = s.available();
        if (n < 0) {
            throw new MultipartException(
                    partIndex < 0
                            ? "end of input before the first boundary \"" + boundary + "\""
                            : "end of input in the body of part " + partIndex + " (no delimiter)",
                    s.end());
        }
        if (n == 0) {
            endBody(partIndex);
        }
        return n;
    }

    private void endBody(int partIndex) throws MultipartException {
        if (bodyEnded) {
            return;
        }
        bodyEnded = true;
        if (partIndex >= 0 && declaredLength >= 0 && declaredLength != bodyCount) {
            throw new MultipartException(
                    "part " + partIndex + ": Content-Length " + declaredLength + " but the body has " + bodyCount
                            + " bytes",
                    position());
        }
    }

    /** Consumes the delimiter and the rest of its line; false for the close delimiter. */
    private boolean consumeDelimiter() throws IOException {
        s.skipDelimiter();
        byte[] buf = s.buf;
        if (s.ensure(2) && buf[s.pos] == '-' && buf[s.pos + 1] == '-') {
            s.pos += 2;
            return false; // close delimiter; the epilogue is ignored
        }
        int padding = 0;
        while (s.ensure(1) && (buf[s.pos] == ' ' || buf[s.pos] == '\t')) {
            s.pos++;
            if (++padding > limits.maxHeaderLineLength()) {
                throw new MultipartException(
                        "transport padding longer than " + limits.maxHeaderLineLength(), position());
            }
        }
        if (!s.ensure(2)) {
            throw new MultipartException("end of input after boundary (no close delimiter)", s.end());
        }
        if (buf[s.pos] != '\r' || buf[s.pos + 1] != '\n') {
            throw new MultipartException(
                    String.format("expected CRLF after boundary, found byte 0x%02x", buf[s.pos] & 0xff), position());
        }
        s.pos += 2;
        return true;
    }

    private PartHeaders readHeaders(int index) throws IOException {
        PartHeaders headers = new PartHeaders();
        String name = null;
        StringBuilder value = new StringBuilder();
        int total = 0;
        int fields = 0;
        while (true) {
            long lineOffset = position();
            int eol = lineEnd(index);
            int len = eol - s.pos;
            total += len + 2;
            if (total > limits.maxHeaderBytes()) {
                throw new MultipartException(
                        "part " + index + ": headers longer than " + limits.maxHeaderBytes() + " bytes", lineOffset);
            }
            if (len == 0) {
                s.pos = eol + 2;
                if (name != null) {
                    headers.add(name, value.toString().strip());
                }
                return headers;
            }
            for (int i = s.pos; i < eol; i++) {
                int c = s.buf[i] & 0xff;
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new MultipartException(
                            String.format("part %d: control character 0x%02x in header line", index, c), s.base + i);
                }
            }
            String line = new String(s.buf, s.pos, len, StandardCharsets.UTF_8);
            s.pos = eol + 2;
            char first = line.charAt(0);
            if (first == ' ' || first == '\t') {
                if (name == null) {
                    throw new MultipartException("part " + index + ": continuation line without a header", lineOffset);
                }
                value.append(' ').append(line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                throw new MultipartException("part " + index + ": invalid header line (no \"name:\")", lineOffset);
            }
            if (name != null) {
                headers.add(name, value.toString().strip());
            }
            if (++fields > limits.maxHeadersPerPart()) {
                throw new MultipartException(
                        "part " + index + ": more than " + limits.maxHeadersPerPart() + " header fields", lineOffset);
            }
            name = line.substring(0, colon);
            value.setLength(0);
            value.append(line, colon + 1, line.length());
        }
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            if (!ContentType.isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Index in the buffer of the CR of the CRLF ending the line at the position. */
    private int lineEnd(int index) throws IOException {
        int from = s.pos;
        while (true) {
            byte[] buf = s.buf;
            for (int i = from; i < s.lim; i++) {
                if (buf[i] == '\n') {
                    if (i == s.pos || buf[i - 1] != '\r') {
                        throw new MultipartException(
                                "part " + index + ": header line ends with LF, not CRLF", s.base + i);
                    }
                    if (i - 1 - s.pos > limits.maxHeaderLineLength()) {
                        break;
                    }
                    return i - 1;
                }
            }
            if (s.lim - s.pos > limits.maxHeaderLineLength() + 1) {
                throw new MultipartException(
                        "part " + index + ": header line longer than " + limits.maxHeaderLineLength() + " bytes",
                        position());
            }
            int scanned = s.lim - s.pos;
            if (!s.fill()) {
                throw new MultipartException("end of input in the headers of part " + index, s.end());
            }
            from = s.pos + scanned;
        }
    }

    private static long parseContentLength(String v, int index, long offset) throws MultipartException {
        if (v == null) {
            return -1;
        }
        if (v.isEmpty() || v.length() > 18) {
            throw new MultipartException("part " + index + ": invalid Content-Length \"" + v + "\"", offset);
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new MultipartException("part " + index + ": invalid Content-Length \"" + v + "\"", offset);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String checkBoundary(String boundary) throws MultipartException {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw new MultipartException("boundary must have 1 to " + MAX_BOUNDARY_LENGTH + " characters", 0);
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new MultipartException("boundary has a control or non-ASCII character", 0);
            }
        }
        return boundary;
    }

    /** The body of one part: reads up to the delimiter that ends it. */
    private final class PartStream extends InputStream {
        private final int index;

        PartStream(int index) {
            this.index = index;
        }

        /** Body bytes available in the buffer, -1 at the end of this part's body. */
        private int available0() throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (index != partCount - 1 || bodyEnded || state != IN_PART) {
                return -1;
            }
            try {
                int n = bodyAvailable(index);
                return n == 0 ? -1 : n;
            } catch (MultipartException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read() throws IOException {
            if (available0() < 0) {
                return -1;
            }
            bodyCount++;
            return s.buf[s.pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = available0();
            if (n < 0) {
                return -1;
            }
            n = Math.min(n, len);
            System.arraycopy(s.buf, s.pos, b, off, n);
            s.pos += n;
            bodyCount += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) {
                return 0;
            }
            int a = available0();
            if (a < 0) {
                return 0;
            }
            int k = (int) Math.min(a, n);
            s.pos += k;
            bodyCount += k;
            return k;
        }

        @Override
        public int available() {
            if (failure != null || index != partCount - 1 || bodyEnded || state != IN_PART) {
                return 0;
            }
            return s.buffered();
        }

        @Override
        public long transferTo(OutputStream out) throws IOException {
            long total = 0;
            for (int n; (n = available0()) > 0; ) {
                out.write(s.buf, s.pos, n);
                s.pos += n;
                bodyCount += n;
                total += n;
            }
            return total;
        }

        /** Does nothing: the next {@link MultipartReader#nextPart()} skips the unread rest. */
        @Override
        public void close() {}
    }
}
