package io.radflow.dicom.net.pdu;

import java.io.IOException;

/**
 * A malformed protocol data unit: the offset inside the PDU where the problem was found, the
 * problem, and the A-ABORT reason the association is aborted with.
 */
public class PDUException extends IOException {
    private final long offset;
    private final String problem;
    private final int abortReason;

    public PDUException(long offset, String problem, int abortReason) {
        super("PDU offset " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
        this.abortReason = abortReason;
    }

    /** An invalid value: A-ABORT reason 6 (invalid PDU parameter value). */
    public PDUException(long offset, String problem) {
        this(offset, problem, AAbort.INVALID_PDU_PARAMETER_VALUE);
    }

    public long offset() {
        return offset;
    }

    public String problem() {
        return problem;
    }

    /** The A-ABORT reason/diagnostic (PS3.8 table 9-26) to send to the peer. */
    public int abortReason() {
        return abortReason;
    }
}
