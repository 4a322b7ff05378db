/**
 * The DICOM JSON Model (PS3.18 Annex F.2): a streaming {@link io.radflow.dicom.json.JSONWriter}
 * (Jackson {@code JsonGenerator}, no tree) for data sets and arrays of data sets such as WADO-RS
 * metadata, and a streaming {@link io.radflow.dicom.json.JSONReader} (Jackson {@code JsonParser})
 * that builds {@link io.radflow.dicom.data.Attributes}. Binary values go inline (InlineBinary) or
 * by reference (BulkDataURI) as a {@link io.radflow.dicom.json.BulkDataURIPolicy} decides.
 */
package io.radflow.dicom.json;
