package io.radflow.dicom.net.pdu;

/**
 * A user identity negotiation response sub-item (PS3.7 D.3.3.7.2): the server response (empty for
 * user name identities, a Kerberos/SAML/JWT response otherwise).
 */
public record UserIdentityAC(byte[] serverResponse) {
    public UserIdentityAC {
        serverResponse = serverResponse == null ? new byte[0] : serverResponse;
    }

    @Override
    public String toString() {
        return "UserIdentityAC[" + serverResponse.length + " bytes]";
    }
}
