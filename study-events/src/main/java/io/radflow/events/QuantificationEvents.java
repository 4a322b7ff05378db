package io.radflow.events;

/** The quantification events' topic and source. */
public final class QuantificationEvents {
    /** Kafka topic of {@link QuantificationEvent}s. */
    public static final String TOPIC = "radflow.quantification-events";

    /** CloudEvents source of the quantification service. */
    public static final String SOURCE = "/radflow/quantification-service";

    /** JSON Schema of the payload (classpath resource). */
    public static final String SCHEMA = "/io/radflow/events/quantification-event.schema.json";

    private QuantificationEvents() {}
}
