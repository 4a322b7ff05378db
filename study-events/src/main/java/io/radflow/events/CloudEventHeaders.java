package io.radflow.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * CloudEvents 1.0 attributes of one event in the Kafka protocol binding, binary content mode:
 * each attribute is a record header {@code ce_<name>} (UTF-8), the data's media type is the
 * {@code content-type} header, and the payload is the record value.
 *
 * @param id {@code ce_id}: unique per event (the ingest outbox row id); consumers de-duplicate by it
 * @param type {@code ce_type}
 * @param source {@code ce_source}: the producing service, e.g. {@code /radflow/ingest-service}
 * @param subject {@code ce_subject}: the StudyInstanceUID
 * @param time {@code ce_time}: when the event was written (RFC 3339)
 */
public record CloudEventHeaders(String id, EventType type, String source, String subject, Instant time) {
    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE_JSON = "application/json";

    public static final String CE_SPECVERSION = "ce_specversion";
    public static final String CE_ID = "ce_id";
    public static final String CE_TYPE = "ce_type";
    public static final String CE_SOURCE = "ce_source";
    public static final String CE_SUBJECT = "ce_subject";
    public static final String CE_TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    /** The source of events written by the ingest service. */
    public static final String INGEST_SOURCE = "/radflow/ingest-service";

    public CloudEventHeaders {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
    }

    /** New attributes with a random UUID as id. */
    public static CloudEventHeaders create(EventType type, String source, String studyInstanceUID, Instant time) {
        return new CloudEventHeaders(UUID.randomUUID().toString(), type, source, studyInstanceUID, time);
    }

    /** Adds the headers of these attributes (and {@code content-type: application/json}) to {@code headers}. */
    public Headers writeTo(Headers headers) {
        headers.add(CE_SPECVERSION, bytes(SPEC_VERSION));
        headers.add(CE_ID, bytes(id));
        headers.add(CE_TYPE, bytes(type.type()));
        headers.add(CE_SOURCE, bytes(source));
        headers.add(CE_SUBJECT, bytes(subject));
        headers.add(CE_TIME, bytes(time.toString()));
        headers.add(CONTENT_TYPE, bytes(CONTENT_TYPE_JSON));
        return headers;
    }

    /**
     * Reads the attributes from a record's headers.
     *
     * @throws IllegalArgumentException when a required attribute is missing or malformed, the spec
     *     version is not 1.0 or the content type is not JSON
     */
    public static CloudEventHeaders readFrom(Headers headers) {
        String spec = string(headers, CE_SPECVERSION);
        if (!SPEC_VERSION.equals(spec)) {
            throw new IllegalArgumentException("ce_specversion is not 1.0: " + spec);
        }
        String ct = string(headers, CONTENT_TYPE);
        if (!ct.startsWith(CONTENT_TYPE_JSON)) {
            throw new IllegalArgumentException("content-type is not JSON: " + ct);
        }
        Instant time;
        try {
            time = Instant.parse(string(headers, CE_TIME));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("malformed ce_time", e);
        }
        return new CloudEventHeaders(
                string(headers, CE_ID),
                EventType.of(string(headers, CE_TYPE)),
                string(headers, CE_SOURCE),
                string(headers, CE_SUBJECT),
                time);
    }

    private static String string(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null) {
            throw new IllegalArgumentException("missing header " + name);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
