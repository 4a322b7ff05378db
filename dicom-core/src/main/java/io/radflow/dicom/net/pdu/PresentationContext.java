package io.radflow.dicom.net.pdu;

import java.util.List;

/**
 * A presentation context (PS3.8 section 9.3.2.2 and 9.3.3.2): in a request, an abstract syntax with
 * the proposed transfer syntaxes; in an acceptance, the result and the one chosen transfer syntax.
 */
public record PresentationContext(int id, int result, String abstractSyntax, List<String> transferSyntaxes) {
    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int PROVIDER_REJECTION = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        if (id < 1 || id > 255 || (id & 1) == 0) {
            throw new IllegalArgumentException("presentation context ID must be odd 1..255: " + id);
        }
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    /** A proposed context (A-ASSOCIATE-RQ). */
    public static PresentationContext rq(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContext(id, ACCEPTANCE, abstractSyntax, List.of(transferSyntaxes));
    }

    /** An answered context (A-ASSOCIATE-AC); {@code transferSyntax} may be null when rejected. */
    public static PresentationContext ac(int id, int result, String transferSyntax) {
        return new PresentationContext(id, result, null, transferSyntax == null ? List.of() : List.of(transferSyntax));
    }

    public boolean isAccepted() {
        return result == ACCEPTANCE;
    }

    /** The first (in an acceptance: the chosen) transfer syntax, or null. */
    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }
}
