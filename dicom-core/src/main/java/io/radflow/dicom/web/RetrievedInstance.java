package io.radflow.dicom.web;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.image.PixelData;
import io.radflow.dicom.image.PixelDataException;
import java.util.Objects;

/**
 * An instance retrieved by WADO-RS: its data set (with Pixel Data, without the File Meta group) and
 * the transfer syntax it came in, which {@link PixelData} needs to decode the pixels (the client asks
 * for {@code transfer-syntax=*}, so compressed pixel data stays compressed).
 *
 * @param dataset the data set
 * @param transferSyntaxUid the transfer syntax of the part (its File Meta (0002,0010))
 */
public record RetrievedInstance(Attributes dataset, String transferSyntaxUid) {
    public RetrievedInstance {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(transferSyntaxUid, "transferSyntaxUid");
    }

    /** SOPInstanceUID. */
    public String sopInstanceUid() {
        return dataset.getString(Tag.SOPInstanceUID);
    }

    /** The pixel data, to decode frames. */
    public PixelData pixelData() throws PixelDataException {
        return PixelData.of(dataset, transferSyntaxUid);
    }
}
