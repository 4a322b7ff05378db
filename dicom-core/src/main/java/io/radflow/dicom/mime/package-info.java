/**
 * MIME multipart for DICOMweb (PS3.18): {@link io.radflow.dicom.mime.ContentType} parsing, a
 * streaming {@code multipart/related} {@link io.radflow.dicom.mime.MultipartReader} (RFC 2046, RFC
 * 2387) for STOW-RS request bodies and a {@link io.radflow.dicom.mime.MultipartWriter} for WADO-RS
 * responses. Part bodies are streamed; nothing buffers a whole body.
 */
package io.radflow.dicom.mime;
