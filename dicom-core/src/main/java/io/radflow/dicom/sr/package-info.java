/**
 * Structured Reports: a typed content tree ({@link io.radflow.dicom.sr.ContentItem}), its encoding
 * ({@link io.radflow.dicom.sr.SrWriter}, {@link io.radflow.dicom.sr.SrReader}) and the TID 1500
 * Measurement Report ({@link io.radflow.dicom.sr.MeasurementReport}).
 */
package io.radflow.dicom.sr;
