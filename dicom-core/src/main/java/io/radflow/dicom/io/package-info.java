/** Streaming DICOM Part 10 and data set I/O: {@link io.radflow.dicom.io.DicomInputStream}, {@link io.radflow.dicom.io.DicomOutputStream}. */
package io.radflow.dicom.io;
