package io.radflow.inference.pipeline;

import io.radflow.model.manifest.ModelManifest;

/** The pipeline for a model: by its task and what it is for. */
public final class Pipelines {
    private Pipelines() {}

    /**
     * Classification and detection models → {@link FindingsPipeline}; segmentation of chest CT →
     * {@link LesionPipeline} (lung masking and the quadrant rule); other segmentation → {@link
     * SegmentationPipeline}.
     */
    public static Pipeline of(ModelManifest m) {
        return switch (m.task()) {
            case SEGMENTATION ->
                m.applicability().modalities().contains("CT")
                                && m.applicability().bodyParts().contains("CHEST")
                        ? new LesionPipeline()
                        : new SegmentationPipeline();
            default -> new FindingsPipeline();
        };
    }
}
