package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.ImageDescriptor;
import io.radflow.dicom.image.PixelDataException;

/**
 * Decodes one compressed frame (the concatenated fragments of that frame) into native pixel data:
 * little endian, laid out as {@link #decodedDescriptor} says, {@link
 * ImageDescriptor#frameLength()} bytes long.
 */
public interface FrameDecoder {
    /**
     * Describes the decoded frames of an image stored as {@code stored}: codecs that convert colour
     * (JPEG YCbCr to RGB) or change the layout say so here.
     */
    ImageDescriptor decodedDescriptor(ImageDescriptor stored);

    /** Decodes one frame; {@code stored} describes the compressed image. */
    byte[] decode(ImageDescriptor stored, byte[] frame) throws PixelDataException;
}
