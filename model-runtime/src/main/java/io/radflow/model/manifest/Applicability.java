package io.radflow.model.manifest;

import java.util.List;

/**
 * Which images a model may run on. Empty lists mean "any".
 *
 * @param modalities Modality (0008,0060) values, at least one
 * @param sopClasses SOP Class UIDs, empty for any image SOP class
 * @param bodyParts Body Part Examined (0018,0015) values
 * @param viewPositions View Position (0018,5101) values
 * @param minSlices the fewest slices (instances or frames) a series needs
 * @param minPixelSpacingMm smallest accepted pixel spacing, or null
 * @param maxPixelSpacingMm largest accepted pixel spacing, or null
 */
public record Applicability(
        List<String> modalities,
        List<String> sopClasses,
        List<String> bodyParts,
        List<String> viewPositions,
        int minSlices,
        Double minPixelSpacingMm,
        Double maxPixelSpacingMm) {

    public Applicability {
        modalities = List.copyOf(modalities);
        sopClasses = List.copyOf(sopClasses);
        bodyParts = List.copyOf(bodyParts);
        viewPositions = List.copyOf(viewPositions);
    }
}
