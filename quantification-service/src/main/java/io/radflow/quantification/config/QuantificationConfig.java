package io.radflow.quantification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the quantification service ({@code radflow.quantification.*}). */
@ConfigMapping(prefix = "radflow.quantification")
public interface QuantificationConfig {
    /** How the L3 slice is chosen: {@code auto} (detected) or {@code annotator} (picked on a sagittal view). */
    @WithDefault("auto")
    String l3Selection();

    /** Lower bound of skeletal muscle in HU. */
    @WithDefault("-29")
    int muscleMinHu();

    /** Upper bound of skeletal muscle in HU. */
    @WithDefault("150")
    int muscleMaxHu();

    /** Lower bound of adipose tissue in HU. */
    @WithDefault("-190")
    int fatMinHu();

    /** Upper bound of adipose tissue in HU. */
    @WithDefault("-30")
    int fatMaxHu();

    /** Kafka topic of study events this service consumes. */
    @WithDefault("radflow.study-events")
    String studyEventsTopic();
}
