/**
 * De-identification of DICOM instances (PS3.15 Annex E): {@link io.radflow.dicom.deid.Deidentifier}
 * applies the Basic Application Level Confidentiality Profile with the Retain Patient
 * Characteristics Option and keyed, consistent UID pseudonyms.
 */
package io.radflow.dicom.deid;
