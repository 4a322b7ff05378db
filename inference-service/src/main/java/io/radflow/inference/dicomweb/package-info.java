/**
 * The inference service's DICOMweb client: WADO-RS metadata and instances from the source archive
 * (Radflow's labeling-service, or any DICOMweb archive such as Orthanc), STOW-RS of results to the
 * target (ingest), and the loading of a series into position order for the pipelines. Plain classes
 * with constructors, no CDI, so that they are tested without starting Quarkus.
 */
package io.radflow.inference.dicomweb;
