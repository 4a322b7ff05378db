package io.radflow.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One event as it travels on Kafka: CloudEvents attributes (headers) and payload (value), keyed by
 * StudyInstanceUID.
 */
public record StudyEventRecord(CloudEventHeaders headers, EventPayload payload) {

    /** The Kafka record to send ({@code topic}, key StudyInstanceUID, headers, JSON value). */
    public ProducerRecord<String, byte[]> toProducerRecord(String topic) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, headers.subject(), StudyEvents.toJson(payload));
        headers.writeTo(r.headers());
        return r;
    }

    /** Reads a consumed record (key String, value bytes); throws IllegalArgumentException when malformed. */
    public static StudyEventRecord of(ConsumerRecord<String, byte[]> record) {
        CloudEventHeaders h = CloudEventHeaders.readFrom(record.headers());
        EventPayload p = StudyEvents.fromJson(h.type(), record.value());
        if (!h.subject().equals(p.studyInstanceUID())) {
            throw new IllegalArgumentException(
                    "ce_subject " + h.subject() + " differs from the payload's study " + p.studyInstanceUID());
        }
        return new StudyEventRecord(h, p);
    }
}
