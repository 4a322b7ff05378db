package io.radflow.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Payload of {@code radflow.instance.conflict}: an instance that clashed with the archive.
 *
 * @param studyInstanceUID (0020,000D) of the received instance
 * @param seriesInstanceUID (0020,000E) of the received instance
 * @param sopInstanceUID (0008,0018)
 * @param sopClassUID (0008,0016)
 * @param kind what clashed
 * @param resolution what the archive did, following its duplicate policy
 * @param storedDigest SHA-256 (hex) of the data set the archive held, null for a Patient ID clash
 * @param receivedDigest SHA-256 (hex) of the received data set
 * @param storedPatientID the study's Patient ID in the archive
 * @param receivedPatientID the received instance's Patient ID
 * @param source who sent it: {@code dimse:<calling AE>} or {@code stow:<OIDC client of the token (azp)>}
 * @param detectedAt when the clash was detected
 */
public record InstanceConflict(
        String studyInstanceUID,
        String seriesInstanceUID,
        String sopInstanceUID,
        String sopClassUID,
        Kind kind,
        Resolution resolution,
        String storedDigest,
        String receivedDigest,
        String storedPatientID,
        String receivedPatientID,
        String source,
        Instant detectedAt)
        implements EventPayload {

    /** What clashed. */
    public enum Kind {
        /** Same SOP Instance UID, different data set. */
        DIFFERENT_CONTENT,
        /** The instance's Patient ID differs from the Patient ID of its study in the archive. */
        PATIENT_ID_MISMATCH
    }

    /** What the archive did. */
    public enum Resolution {
        /** Policy {@code reject}: the instance was refused (failure status to the sender). */
        REJECTED,
        /** Policy {@code keep-first}: the stored instance was kept, the received one discarded. */
        KEPT_FIRST,
        /** Policy {@code overwrite}: the received instance replaced the stored one. */
        OVERWRITTEN,
        /** Patient ID clash: the instance was stored with its own Patient ID, not merged. */
        STORED_UNMERGED
    }

    public InstanceConflict {
        Objects.requireNonNull(studyInstanceUID, "studyInstanceUID");
        Objects.requireNonNull(sopInstanceUID, "sopInstanceUID");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resolution, "resolution");
    }
}
