package io.radflow.dicom.web;

import io.radflow.dicom.io.DicomStreamException;
import io.radflow.dicom.json.DicomJsonException;
import io.radflow.dicom.mime.MultipartException;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpTimeoutException;

/**
 * A failed DICOMweb request: an HTTP error status, a transport failure, or a response that cannot
 * be parsed. {@link #retryable()} says whether trying again later may succeed (connection refused or
 * reset, timeouts, 408, 429, 5xx other than 501/505) or not (other 4xx, malformed responses).
 */
public class DicomWebException extends IOException {
    private static final int EXCERPT = 512;

    private final int status;
    private final URI uri;
    private final String bodyExcerpt;
    private final boolean retryable;

    /**
     * @param message what failed
     * @param status the HTTP status, or 0 when there was no response
     * @param uri the request URL
     * @param bodyExcerpt the start of the response body, or null
     * @param retryable whether a later retry may succeed
     * @param cause the cause, or null
     */
    public DicomWebException(
            String message, int status, URI uri, String bodyExcerpt, boolean retryable, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.uri = uri;
        this.bodyExcerpt = bodyExcerpt;
        this.retryable = retryable;
    }

    /** An HTTP error status with (the start of) its body. */
    static DicomWebException ofStatus(String method, URI uri, int status, String body) {
        String excerpt = excerpt(body);
        return new DicomWebException(
                method + " " + uri + ": HTTP " + status + (excerpt.isEmpty() ? "" : ": " + excerpt),
                status,
                uri,
                excerpt,
                isRetryableStatus(status),
                null);
    }

    /**
     * A failure while sending the request or reading the response: retryable when the transport
     * failed, not when the response is malformed.
     */
    static DicomWebException ofFailure(String what, URI uri, int status, IOException e) {
        return new DicomWebException(what + ": " + describe(e), status, uri, null, isTransportFailure(e), e);
    }

    /** Whether an HTTP status is worth a retry: 408, 429 and 5xx other than 501 and 505. */
    public static boolean isRetryableStatus(int status) {
        return status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
    }

    /**
     * Whether the connection failed (refused, reset, closed early, timed out) rather than the
     * content: a parse exception whose cause is a transport failure is a transport failure.
     */
    static boolean isTransportFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketException || t instanceof HttpTimeoutException) {
                return true;
            }
            boolean parse = t instanceof MultipartException
                    || t instanceof DicomStreamException
                    || t instanceof DicomJsonException
                    || t instanceof EOFException;
            if (t instanceof IOException && !parse && !(t instanceof DicomWebException)) {
                return true; // HttpClient's "closed before all content", "fixed content-length ..."
            }
        }
        return false;
    }

    static String excerpt(String body) {
        if (body == null) {
            return "";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() <= EXCERPT ? s : s.substring(0, EXCERPT) + "…";
    }

    /** The HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** The request URL. */
    public URI uri() {
        return uri;
    }

    /** The start of the response body (whitespace collapsed), or null. */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The failure in words: a refused connection has no message of its own, only its type. */
    private static String describe(Throwable e) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause() == t ? null : t.getCause()) {
            String part = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (parts.isEmpty() || !parts.getLast().contains(part)) {
                parts.add(part);
            }
        }
        return String.join(": ", parts);
    }
}
