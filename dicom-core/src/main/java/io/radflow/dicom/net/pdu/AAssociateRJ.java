package io.radflow.dicom.net.pdu;

/** An A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4): result, source and reason/diagnostic. */
public record AAssociateRJ(int result, int source, int reason) {
    public static final int RESULT_REJECTED_PERMANENT = 1;
    public static final int RESULT_REJECTED_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
    public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;

    /** Source 1 (service user). */
    public static final int REASON_NO_REASON_GIVEN = 1;

    public static final int REASON_APP_CTX_NAME_NOT_SUPPORTED = 2;
    public static final int REASON_CALLING_AET_NOT_RECOGNIZED = 3;
    public static final int REASON_CALLED_AET_NOT_RECOGNIZED = 7;
    /** Source 2 (service provider, ACSE). */
    public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Source 3 (service provider, presentation). */
    public static final int REASON_TEMPORARY_CONGESTION = 1;

    public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

    @Override
    public String toString() {
        String res = result == RESULT_REJECTED_PERMANENT
                ? "rejected-permanent"
                : result == RESULT_REJECTED_TRANSIENT ? "rejected-transient" : "result " + result;
        String why =
                switch (source) {
                    case SOURCE_SERVICE_USER ->
                        switch (reason) {
                            case REASON_NO_REASON_GIVEN -> "service-user, no-reason-given";
                            case REASON_APP_CTX_NAME_NOT_SUPPORTED ->
                                "service-user, application-context-name-not-supported";
                            case REASON_CALLING_AET_NOT_RECOGNIZED -> "service-user, calling-AE-title-not-recognized";
                            case REASON_CALLED_AET_NOT_RECOGNIZED -> "service-user, called-AE-title-not-recognized";
                            default -> "service-user, reason " + reason;
                        };
                    case SOURCE_SERVICE_PROVIDER_ACSE ->
                        reason == REASON_PROTOCOL_VERSION_NOT_SUPPORTED
                                ? "service-provider (ACSE), protocol-version-not-supported"
                                : "service-provider (ACSE), reason " + reason;
                    case SOURCE_SERVICE_PROVIDER_PRESENTATION ->
                        reason == REASON_TEMPORARY_CONGESTION
                                ? "service-provider (presentation), temporary-congestion"
                                : reason == REASON_LOCAL_LIMIT_EXCEEDED
                                        ? "service-provider (presentation), local-limit-exceeded"
                                        : "service-provider (presentation), reason " + reason;
                    default -> "source " + source + ", reason " + reason;
                };
        return "A-ASSOCIATE-RJ[" + res + ", " + why + "]";
    }
}
