package io.radflow.dicom.net;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a data set, encoded in the given transfer syntax, to the P-DATA stream of a request. */
@FunctionalInterface
public interface DataWriter {
    void writeTo(OutputStream out, String transferSyntaxUID) throws IOException;
}
