package io.radflow.events;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserialiser: the payload class is chosen by the record's {@code ce_type} header, so
 * it needs the headers (Kafka passes them to {@link #deserialize(String, Headers, byte[])}).
 */
public final class EventPayloadDeserializer implements Deserializer<EventPayload> {
    @Override
    public EventPayload deserialize(String topic, byte[] data) {
        throw new IllegalStateException("study events need their ce_type header to be read");
    }

    @Override
    public EventPayload deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        return StudyEvents.fromJson(CloudEventHeaders.readFrom(headers).type(), data);
    }
}
