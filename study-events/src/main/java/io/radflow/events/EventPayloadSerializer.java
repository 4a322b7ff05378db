package io.radflow.events;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serialiser: the payload as JSON ({@link StudyEvents#toJson}). */
public final class EventPayloadSerializer implements Serializer<EventPayload> {
    @Override
    public byte[] serialize(String topic, EventPayload data) {
        return data == null ? null : StudyEvents.toJson(data);
    }
}
