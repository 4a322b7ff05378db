package io.radflow.dicom.net;

import io.radflow.dicom.data.Attributes;
import java.io.IOException;

/** Receives the response(s) to a DIMSE request sent by {@link Association#invoke}. */
@FunctionalInterface
public interface DimseRSPHandler {
    /** Called on the association's reader thread for each response (pending ones included). */
    void onDimseRSP(Association as, Attributes rsp);

    /** Called when the association closes before the final response arrived. */
    default void onClose(Association as, IOException why) {}
}
