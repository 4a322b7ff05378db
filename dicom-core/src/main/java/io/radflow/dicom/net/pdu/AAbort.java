package io.radflow.dicom.net.pdu;

/** An A-ABORT PDU (PS3.8 section 9.3.8): source and reason/diagnostic. */
public record AAbort(int source, int reason) {
    public static final int UL_SERVICE_USER = 0;
    public static final int UL_SERVICE_PROVIDER = 2;

    public static final int REASON_NOT_SPECIFIED = 0;
    public static final int UNRECOGNIZED_PDU = 1;
    public static final int UNEXPECTED_PDU = 2;
    public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
    public static final int UNEXPECTED_PDU_PARAMETER = 5;
    public static final int INVALID_PDU_PARAMETER_VALUE = 6;

    /** An abort by the service provider (this upper layer) with the given reason. */
    public static AAbort provider(int reason) {
        return new AAbort(UL_SERVICE_PROVIDER, reason);
    }

    /** An abort by the service user (the application). */
    public static AAbort user() {
        return new AAbort(UL_SERVICE_USER, REASON_NOT_SPECIFIED);
    }

    @Override
    public String toString() {
        String src = source == UL_SERVICE_USER
                ? "service-user"
                : source == UL_SERVICE_PROVIDER ? "service-provider" : "source " + source;
        String why =
                switch (reason) {
                    case REASON_NOT_SPECIFIED -> "reason-not-specified";
                    case UNRECOGNIZED_PDU -> "unrecognized-PDU";
                    case UNEXPECTED_PDU -> "unexpected-PDU";
                    case UNRECOGNIZED_PDU_PARAMETER -> "unrecognized-PDU-parameter";
                    case UNEXPECTED_PDU_PARAMETER -> "unexpected-PDU-parameter";
                    case INVALID_PDU_PARAMETER_VALUE -> "invalid-PDU-parameter-value";
                    default -> "reason " + reason;
                };
        return "A-ABORT[" + src + ", " + why + "]";
    }
}
