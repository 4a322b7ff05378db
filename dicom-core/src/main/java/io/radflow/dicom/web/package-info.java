/**
 * A DICOMweb client (PS3.18): WADO-RS metadata and instances from an archive (Radflow's
 * labeling-service, or any DICOMweb archive such as Orthanc), STOW-RS of new objects, and the
 * loading of a series into position order. Plain classes with constructors over {@code
 * java.net.http}, no CDI; the services wire in their tokens ({@code authorization}, {@code
 * onUnauthorized}). Used by the inference and quantification services.
 */
package io.radflow.dicom.web;
