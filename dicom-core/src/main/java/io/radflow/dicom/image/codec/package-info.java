/**
 * Codecs for encapsulated pixel data: RLE Lossless (Radflow's own decoder and encoder), JPEG
 * (TwelveMonkeys imageio-jpeg), JPEG 2000, selected by transfer syntax through {@link
 * io.radflow.dicom.image.codec.Codecs}.
 */
package io.radflow.dicom.image.codec;
