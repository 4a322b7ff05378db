package io.radflow.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Payload of {@code radflow.study.ready} and {@code radflow.study.updated}: the whole study as the
 * archive holds it when the event is written. DICOM values are given as received (dates {@code
 * YYYYMMDD}, times {@code HHMMSS.FFFFFF}, person names in DICOM PN form {@code Family^Given}).
 *
 * @param studyInstanceUID (0020,000D)
 * @param version 1 for {@code ready}, incremented by each {@code updated}
 * @param patientID (0010,0020) of the study's first instance
 * @param patientName (0010,0010), alphabetic group
 * @param accessionNumber (0008,0050)
 * @param studyDate (0008,0020)
 * @param studyTime (0008,0030)
 * @param studyDescription (0008,1030)
 * @param modalitiesInStudy distinct modalities of the series
 * @param bodyPartsExamined distinct body parts of the series
 * @param numberOfSeries series in the archive
 * @param numberOfInstances instances in the archive
 * @param series every series of the study
 * @param location where the instances can be read: the archive's URI of the study folder (e.g.
 *     {@code file:///var/lib/radflow/archive/1.2.3/}); each instance lies below it
 *     as {@code <SeriesInstanceUID>/<SOPInstanceUID>.dcm}
 * @param retrieveURL the DICOMweb (WADO-RS) URL of the study
 * @param lastReceivedAt when the study's last instance arrived
 */
public record StudyEvent(
        String studyInstanceUID,
        int version,
        String patientID,
        String patientName,
        String accessionNumber,
        String studyDate,
        String studyTime,
        String studyDescription,
        List<String> modalitiesInStudy,
        List<String> bodyPartsExamined,
        int numberOfSeries,
        int numberOfInstances,
        List<SeriesSummary> series,
        String location,
        String retrieveURL,
        Instant lastReceivedAt)
        implements EventPayload {

    public StudyEvent {
        Objects.requireNonNull(studyInstanceUID, "studyInstanceUID");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1: " + version);
        }
        modalitiesInStudy = modalitiesInStudy == null ? List.of() : List.copyOf(modalitiesInStudy);
        bodyPartsExamined = bodyPartsExamined == null ? List.of() : List.copyOf(bodyPartsExamined);
        series = series == null ? List.of() : List.copyOf(series);
    }

    /** {@link EventType#STUDY_READY} for version 1, else {@link EventType#STUDY_UPDATED}. */
    public EventType eventType() {
        return version == 1 ? EventType.STUDY_READY : EventType.STUDY_UPDATED;
    }
}
