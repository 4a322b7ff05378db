/**
 * The inference service's image source and result target over DICOMweb (dicom-core's {@code
 * io.radflow.dicom.web} client with the service's token) and what readiness reports of them.
 */
package io.radflow.inference.dicomweb;
