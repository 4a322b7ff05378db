package io.radflow.labeling.archive;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.image.PixelData;

/**
 * One instance file parsed once: its data set with Pixel Data left in the file as byte ranges, and
 * (for images) the located frames, so a frame request reads only that frame's bytes.
 *
 * @param location where the file is
 * @param transferSyntaxUID the stored transfer syntax (from the File Meta group)
 * @param dataset the data set; Pixel Data and its fragments are {@code BulkData} file ranges
 * @param pixelData the frames, or {@code null} when the instance has no (readable) Pixel Data
 * @param frameRanges for each frame its stored bytes as one file range {@code [offset, length]}
 *     (native little-endian frames of whole bytes, or one fragment per frame), or {@code null} when
 *     frames must be assembled by {@link PixelData#storedFrame}
 */
public record ParsedInstance(
        InstanceLocation location,
        String transferSyntaxUID,
        Attributes dataset,
        PixelData pixelData,
        long[][] frameRanges) {

    /** Number of frames, 0 without Pixel Data. */
    public int frames() {
        return pixelData == null ? 0 : pixelData.frames();
    }
}
