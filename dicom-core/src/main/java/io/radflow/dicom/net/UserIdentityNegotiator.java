package io.radflow.dicom.net;

import io.radflow.dicom.net.pdu.AAssociateRQ;
import io.radflow.dicom.net.pdu.UserIdentityAC;

/**
 * Decides on the user identity (PS3.7 D.3.3.7) of an association request: user name, passcode or
 * JSON Web Token. Returning a response puts a user identity server response into the
 * A-ASSOCIATE-AC (when the requestor asked for one); throwing rejects the association.
 */
@FunctionalInterface
public interface UserIdentityNegotiator {
    /**
     * @param rq the request; {@code rq.getUserIdentity()} is null when none was sent
     * @return the server response, or null to send none
     * @throws AAssociateRJException to reject the association (e.g. result 1, source 1, reason 1)
     */
    UserIdentityAC negotiate(AAssociateRQ rq, String remoteAddress) throws AAssociateRJException;
}
