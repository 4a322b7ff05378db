package io.radflow.events;

/** The inference events' topic and source. */
public final class InferenceEvents {
    /** Kafka topic of {@link InferenceEvent}s. */
    public static final String TOPIC = "radflow.inference-events";

    /** CloudEvents source of the inference service. */
    public static final String SOURCE = "/radflow/inference-service";

    /** JSON Schema of the payload (classpath resource). */
    public static final String SCHEMA = "/io/radflow/events/inference-event.schema.json";

    private InferenceEvents() {}
}
