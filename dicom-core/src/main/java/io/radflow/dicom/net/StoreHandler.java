package io.radflow.dicom.net;

import java.io.IOException;
import java.io.InputStream;

/**
 * Stores the data set of one C-STORE-RQ. The data set arrives as a stream of its P-DATA fragments,
 * never buffered whole; the handler writes it where it must be durable and only then returns. The
 * C-STORE-RSP is sent after the handler returns, with:
 *
 * <ul>
 *   <li>the returned status: {@link Status#Success} or a warning (B000, B006, B007);
 *   <li>the status of a thrown {@link DicomServiceException} (e.g. A9xx, Cxxx);
 *   <li>{@link Status#OutOfResources} (A700) for any other {@link IOException} (disk full, backend
 *       down);
 *   <li>{@link Status#CannotUnderstand} (C000) for a runtime exception.
 * </ul>
 *
 * When the network fails while the handler reads, the stream throws; the handler must then discard
 * what it wrote (no response can be sent).
 */
@FunctionalInterface
public interface StoreHandler {
    int store(StoreRequest rq, InputStream dataset) throws IOException;
}
