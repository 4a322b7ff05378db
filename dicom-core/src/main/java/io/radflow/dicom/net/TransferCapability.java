package io.radflow.dicom.net;

import java.util.List;

/**
 * What an acceptor accepts for a SOP class: the transfer syntaxes, "*" meaning any. The SOP class
 * may be "*" (any) or end with ".*" (every UID under that root, e.g. the storage root).
 */
public record TransferCapability(String sopClass, List<String> transferSyntaxes) {
    public static final String ANY = "*";
    /** Root of the standard storage SOP classes (PS3.4 annex B). */
    public static final String STORAGE_ROOT = "1.2.840.10008.5.1.4.1.1.";

    public TransferCapability {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public static TransferCapability of(String sopClass, String... transferSyntaxes) {
        return new TransferCapability(sopClass, List.of(transferSyntaxes));
    }

    /** Every standard storage SOP class in any transfer syntax (store as received). */
    public static TransferCapability anyStorage() {
        return of(STORAGE_ROOT + "*", ANY);
    }

    public boolean matchesSOPClass(String cuid) {
        if (sopClass.equals(ANY)) {
            return true;
        }
        if (sopClass.endsWith(".*")) {
            return cuid.startsWith(sopClass.substring(0, sopClass.length() - 1));
        }
        return sopClass.equals(cuid);
    }

    public boolean acceptsTransferSyntax(String tsuid) {
        return transferSyntaxes.contains(ANY) || transferSyntaxes.contains(tsuid);
    }
}
