package io.radflow.events;

import java.util.List;
import java.util.Objects;

/**
 * One series of a {@link StudyEvent}.
 *
 * @param seriesInstanceUID (0020,000E)
 * @param seriesNumber (0020,0011), null if absent
 * @param modality (0008,0060)
 * @param seriesDescription (0008,103E), null if absent
 * @param bodyPartExamined (0018,0015), null if absent
 * @param sopClassUIDs the distinct SOP Class UIDs of the series' instances
 * @param numberOfInstances instances of the series in the archive
 */
public record SeriesSummary(
        String seriesInstanceUID,
        Integer seriesNumber,
        String modality,
        String seriesDescription,
        String bodyPartExamined,
        List<String> sopClassUIDs,
        int numberOfInstances) {

    public SeriesSummary {
        Objects.requireNonNull(seriesInstanceUID, "seriesInstanceUID");
        sopClassUIDs = sopClassUIDs == null ? List.of() : List.copyOf(sopClassUIDs);
    }
}
