package io.radflow.dicom.net;

/** DIMSE status codes (PS3.7 annex C and the storage service class of PS3.4 annex B). */
public final class Status {
    public static final int Success = 0x0000;
    public static final int Pending = 0xFF00;
    public static final int Cancel = 0xFE00;

    public static final int SOPClassNotSupported = 0x0122;
    public static final int ProcessingFailure = 0x0110;
    public static final int DuplicateSOPInstance = 0x0111;
    public static final int NoSuchSOPClass = 0x0118;
    public static final int ClassInstanceConflict = 0x0119;
    public static final int MistypedArgument = 0x0212;
    public static final int UnrecognizedOperation = 0x0211;
    public static final int NotAuthorized = 0x0124;

    /** Storage: refused, out of resources (A7xx). */
    public static final int OutOfResources = 0xA700;
    /** Storage: error, data set does not match SOP class (A9xx). */
    public static final int DataSetDoesNotMatchSOPClassError = 0xA900;
    /** Storage: error, cannot understand (Cxxx). */
    public static final int CannotUnderstand = 0xC000;
    /** Storage warning: coercion of data elements. */
    public static final int CoercionOfDataElements = 0xB000;
    /** Storage warning: data set does not match SOP class. */
    public static final int DataSetDoesNotMatchSOPClassWarning = 0xB007;
    /** Storage warning: elements discarded. */
    public static final int ElementsDiscarded = 0xB006;

    private Status() {}

    public static boolean isPending(int status) {
        return (status & 0xFF00) == Pending;
    }

    public static boolean isWarning(int status) {
        return status == 0x0001 || (status & 0xF000) == 0xB000 || status == 0x0107 || status == 0x0116;
    }

    /** Success or warning: the operation was performed. */
    public static boolean isSuccessOrWarning(int status) {
        return status == Success || isWarning(status);
    }

    public static String toString(int status) {
        return String.format("%04XH", status);
    }
}
