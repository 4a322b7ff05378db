/** Receives every instance the hospital PACS pushes (DICOM C-STORE, DICOMweb STOW-RS), stores it durably, indexes it and publishes study-level events to Kafka through a transactional outbox. */
package io.radflow.ingest;
