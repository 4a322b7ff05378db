/** Coded concepts: the {@link io.radflow.dicom.code.Code} value type and the generated {@link io.radflow.dicom.code.Codes}. */
package io.radflow.dicom.code;
