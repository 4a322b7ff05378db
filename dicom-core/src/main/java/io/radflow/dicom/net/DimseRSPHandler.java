package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;

/** Receives the response(s) to a DIMSE request sent by {@link Association#invoke}. */
@FunctionalInterface
public interface DimseRSPHandler {
    /** Called on the association's reader thread for each response (pending ones included). */
    void onDimseRSP(Association as, Attributes rsp);
}
