/**
 * Pixel data: the {@link io.radflow.dicom.image.ImageDescriptor} of an image, decoding of native
 * pixel data into {@link io.radflow.dicom.image.PixelRaster}s, colour conversion, the Modality and
 * VOI LUT pipeline and rendering to 8-bit images. Codecs for encapsulated transfer syntaxes live in
 * {@code io.radflow.dicom.image.codec}.
 */
package io.radflow.dicom.image;
