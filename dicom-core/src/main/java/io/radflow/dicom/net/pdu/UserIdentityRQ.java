package io.radflow.dicom.net.pdu;

import java.nio.charset.StandardCharsets;

/**
 * A user identity negotiation request sub-item (PS3.7 D.3.3.7.1): the identity type, whether a
 * positive response is requested, the primary field (user name, Kerberos ticket, SAML assertion
 * or JSON Web Token) and, for type 2, the passcode.
 */
public record UserIdentityRQ(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {
    public static final int USERNAME = 1;
    public static final int USERNAME_PASSCODE = 2;
    public static final int KERBEROS = 3;
    public static final int SAML = 4;
    public static final int JWT = 5;

    public UserIdentityRQ {
        secondaryField = secondaryField == null ? new byte[0] : secondaryField;
    }

    public static UserIdentityRQ username(String username, boolean positiveResponseRequested) {
        return new UserIdentityRQ(USERNAME, positiveResponseRequested, utf8(username), null);
    }

    public static UserIdentityRQ usernamePasscode(String username, char[] passcode, boolean positiveResponseRequested) {
        return new UserIdentityRQ(
                USERNAME_PASSCODE, positiveResponseRequested, utf8(username), utf8(new String(passcode)));
    }

    /** A JSON Web Token identity (type 5); the acceptor may answer with a server response. */
    public static UserIdentityRQ jwt(String token, boolean positiveResponseRequested) {
        return new UserIdentityRQ(JWT, positiveResponseRequested, utf8(token), null);
    }

    /** The primary field as UTF-8 text (user name or token). */
    public String primaryFieldAsString() {
        return new String(primaryField, StandardCharsets.UTF_8);
    }

    public String secondaryFieldAsString() {
        return new String(secondaryField, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "UserIdentityRQ[type=" + type + ", positiveResponseRequested=" + positiveResponseRequested
                + ", primaryField=" + primaryField.length + " bytes]";
    }
}
