package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PixelDataException;

/** Encodes one native little-endian frame into the bytes of one compressed frame (even length). */
public interface FrameEncoder {
    /**
     * The descriptor that describes the encoded image ({@code nativeDescriptor} with any change the
     * codec imposes, such as Planar Configuration).
     */
    ImageDescriptor encodedDescriptor(ImageDescriptor nativeDescriptor);

    byte[] encode(ImageDescriptor nativeDescriptor, byte[] frame) throws PixelDataException;
}
