/**
 * DICOM networking (PS3.7, PS3.8) shaped like dcm4che's: {@link io.radflow.dicom.net.Connection},
 * {@link io.radflow.dicom.net.ApplicationEntity}, {@link io.radflow.dicom.net.Association}, the
 * acceptor {@link io.radflow.dicom.net.DicomServer}, DIMSE-C echo and store, on blocking sockets
 * with one virtual thread per association.
 */
package io.radflow.dicom.net;
