/** The DICOM data model: tags, value representations, UIDs and data sets. */
package io.radflow.dicom.data;
