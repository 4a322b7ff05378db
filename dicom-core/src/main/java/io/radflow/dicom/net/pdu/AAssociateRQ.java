package io.radflow.dicom.net.pdu;

/** An A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2), with an optional user identity request. */
public final class AAssociateRQ extends AAssociateRQAC {
    private UserIdentityRQ userIdentity;

    public UserIdentityRQ getUserIdentity() {
        return userIdentity;
    }

    public void setUserIdentity(UserIdentityRQ userIdentity) {
        this.userIdentity = userIdentity;
    }

    /** The next free odd presentation context ID. */
    public int nextPresentationContextID() {
        int id = 1;
        while (getPresentationContext(id) != null) {
            id += 2;
        }
        if (id > 255) {
            throw new IllegalStateException("more than 128 presentation contexts");
        }
        return id;
    }
}
