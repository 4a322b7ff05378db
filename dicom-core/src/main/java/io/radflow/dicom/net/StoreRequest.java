package io.radflow.dicom.net;

/**
 * One C-STORE-RQ as a {@link StoreHandler} sees it: the association (calling and called AE, peer
 * address), the instance UIDs and the transfer syntax of the data set stream.
 */
public record StoreRequest(
        Association association,
        int messageID,
        String sopClassUID,
        String sopInstanceUID,
        String transferSyntaxUID,
        int priority,
        String moveOriginatorAET,
        int moveOriginatorMessageID) {

    public String callingAET() {
        return association.getCallingAET();
    }

    public String calledAET() {
        return association.getCalledAET();
    }
}
