package io.radflow.ingest.receive;

import io.radflow.dicom.data.Attributes;
import io.radflow.ingest.archive.PendingObject;
import io.radflow.ingest.index.InstanceAttributes;

/**
 * An instance written to its staging object and parsed: what the later stages (validate, index)
 * work on.
 *
 * @param pending the staged Part 10 file (forced to disk)
 * @param sopClassUID from the command (DIMSE) or the File Meta Information (STOW)
 * @param sopInstanceUID from the command or the File Meta Information
 * @param transferSyntaxUID of the data set as received and stored
 * @param fileSize bytes of the staged file
 * @param digest SHA-256 (hex) of the data set bytes (without File Meta)
 * @param dataset the parsed data set (large values as bulk data references into the staged file)
 * @param attributes the indexed attributes of {@code dataset}
 * @param metadataJson the DICOM JSON object of the data set for WADO-RS metadata (UTF-8)
 */
public record ReceivedInstance(
        PendingObject pending,
        String sopClassUID,
        String sopInstanceUID,
        String transferSyntaxUID,
        long fileSize,
        String digest,
        Attributes dataset,
        InstanceAttributes attributes,
        byte[] metadataJson) {}
