/**
 * The manifest's preprocessing chain on a decoded DICOM frame, built on dicom-core's pixel
 * pipeline ({@link io.radflow.dicom.image}). Every formula is written out in {@code
 * models/README.md} so that training recipes reproduce it in numpy to 1e-5.
 */
package io.radflow.model.preprocess;
