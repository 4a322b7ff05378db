package io.radflow.events;

/** The JSON payload of an event on topic {@value StudyEvents#TOPIC}: the Kafka record value. */
public sealed interface EventPayload permits StudyEvent, InstanceConflict, InferenceEvent, QuantificationEvent {
    /** The study the event is about: the Kafka key and {@code ce_subject}. */
    String studyInstanceUID();
}
