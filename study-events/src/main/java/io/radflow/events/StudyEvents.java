package io.radflow.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of event payloads (the schemas {@code study-event.schema.json} and {@code
 * instance-conflict.schema.json} next to this class): camelCase properties, instants as ISO-8601
 * strings, absent values as {@code null}; unknown properties are ignored when reading, so that
 * consumers keep working when a later version adds properties.
 */
public final class StudyEvents {
    /** The Kafka topic of every study event; records are keyed by StudyInstanceUID. */
    public static final String TOPIC = "radflow.study-events";

    /** Classpath resource of the JSON Schema of {@link StudyEvent}. */
    public static final String STUDY_EVENT_SCHEMA = "/io/radflow/events/study-event.schema.json";

    /** Classpath resource of the JSON Schema of {@link InstanceConflict}. */
    public static final String INSTANCE_CONFLICT_SCHEMA = "/io/radflow/events/instance-conflict.schema.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private StudyEvents() {}

    /** The mapper used for payloads (shared, thread-safe; do not reconfigure). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The payload as UTF-8 JSON. */
    public static byte[] toJson(EventPayload payload) {
        try {
            return MAPPER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + payload, e);
        }
    }

    /** The payload of an event of {@code type} from UTF-8 JSON. */
    public static EventPayload fromJson(EventType type, byte[] json) {
        try {
            return MAPPER.readValue(json, type.payloadClass());
        } catch (IOException e) {
            throw new UncheckedIOException("malformed " + type.type() + " payload", e);
        }
    }
}
