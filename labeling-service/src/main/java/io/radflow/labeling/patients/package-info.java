/**
 * The labeling app's patient page: {@link io.radflow.labeling.patients.PatientLookup} answers a
 * Patient ID's studies (newest first) with their series, AI results (TID 1500 SRs), label sets and
 * the clinical context of the archived images, from ingest's index ({@link
 * io.radflow.labeling.patients.PatientIndex}) and the archive's files.
 */
package io.radflow.labeling.patients;
