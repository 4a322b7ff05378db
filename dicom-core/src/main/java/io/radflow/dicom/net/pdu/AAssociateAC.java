package io.radflow.dicom.net.pdu;

/** An A-ASSOCIATE-AC PDU (PS3.8 section 9.3.3), with an optional user identity server response. */
public final class AAssociateAC extends AAssociateRQAC {
    private UserIdentityAC userIdentity;

    public UserIdentityAC getUserIdentity() {
        return userIdentity;
    }

    public void setUserIdentity(UserIdentityAC userIdentity) {
        this.userIdentity = userIdentity;
    }
}
