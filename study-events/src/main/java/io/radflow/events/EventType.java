package io.radflow.events;

/** The CloudEvents {@code ce_type} values of Radflow's topics (study, inference and quantification events). */
public enum EventType {
    /** A study received no new instance for its quiet period: first announcement (version 1). */
    STUDY_READY("radflow.study.ready"),
    /** Instances arrived after a study was announced: the study again, with an incremented version. */
    STUDY_UPDATED("radflow.study.updated"),
    /** An instance clashed with what the archive holds (different content, other Patient ID). */
    INSTANCE_CONFLICT("radflow.instance.conflict"),
    /** A pipeline run ended with its results stored ({@link InferenceEvent}). */
    INFERENCE_COMPLETED("radflow.inference.completed"),
    /** A pipeline run failed ({@link InferenceEvent} with a reason). */
    INFERENCE_FAILED("radflow.inference.failed"),
    /** A body-composition measurement ended with its SR stored ({@link QuantificationEvent}). */
    QUANTIFICATION_COMPLETED("radflow.quantification.completed"),
    /** A body-composition measurement failed ({@link QuantificationEvent} with a reason). */
    QUANTIFICATION_FAILED("radflow.quantification.failed");

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    /** The {@code ce_type} string. */
    public String type() {
        return type;
    }

    /** The event type for a {@code ce_type} string. */
    public static EventType of(String type) {
        for (EventType t : values()) {
            if (t.type.equals(type)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + type);
    }

    /** The payload class of this type. */
    public Class<? extends EventPayload> payloadClass() {
        return switch (this) {
            case INSTANCE_CONFLICT -> InstanceConflict.class;
            case INFERENCE_COMPLETED, INFERENCE_FAILED -> InferenceEvent.class;
            case QUANTIFICATION_COMPLETED, QUANTIFICATION_FAILED -> QuantificationEvent.class;
            default -> StudyEvent.class;
        };
    }
}
