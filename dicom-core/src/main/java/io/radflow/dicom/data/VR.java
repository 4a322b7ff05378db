package io.radflow.dicom.data;

/**
 * DICOM Value Representations (PS3.5 6.2) with the properties needed to encode and decode them.
 */
public enum VR {
    AE(Kind.ASCII, 0, ' ', false, true),
    AS(Kind.ASCII, 0, ' ', false, true),
    AT(Kind.BINARY, 4, 0, false, false),
    CS(Kind.ASCII, 0, ' ', false, true),
    DA(Kind.ASCII, 0, ' ', false, true),
    DS(Kind.ASCII, 0, ' ', false, true),
    DT(Kind.ASCII, 0, ' ', false, true),
    FD(Kind.BINARY, 8, 0, false, false),
    FL(Kind.BINARY, 4, 0, false, false),
    IS(Kind.ASCII, 0, ' ', false, true),
    LO(Kind.TEXT, 0, ' ', false, true),
    LT(Kind.TEXT, 0, ' ', false, false),
    OB(Kind.BINARY, 1, 0, true, false),
    OD(Kind.BINARY, 8, 0, true, false),
    OF(Kind.BINARY, 4, 0, true, false),
    OL(Kind.BINARY, 4, 0, true, false),
    OV(Kind.BINARY, 8, 0, true, false),
    OW(Kind.BINARY, 2, 0, true, false),
    PN(Kind.TEXT, 0, ' ', false, true),
    SH(Kind.TEXT, 0, ' ', false, true),
    SL(Kind.BINARY, 4, 0, false, false),
    SQ(Kind.SEQUENCE, 0, 0, true, false),
    SS(Kind.BINARY, 2, 0, false, false),
    ST(Kind.TEXT, 0, ' ', false, false),
    SV(Kind.BINARY, 8, 0, true, false),
    TM(Kind.ASCII, 0, ' ', false, true),
    UC(Kind.TEXT, 0, ' ', true, true),
    UI(Kind.ASCII, 0, 0, false, true),
    UL(Kind.BINARY, 4, 0, false, false),
    UN(Kind.BINARY, 1, 0, true, false),
    UR(Kind.ASCII, 0, ' ', true, false),
    US(Kind.BINARY, 2, 0, false, false),
    UT(Kind.TEXT, 0, ' ', true, false),
    UV(Kind.BINARY, 8, 0, true, false);

    /** How the bytes of a value are interpreted. */
    public enum Kind {
        /** Character string in the default repertoire (ISO 646). */
        ASCII,
        /** Character string in the data set's Specific Character Set. */
        TEXT,
        /** Binary numbers or bytes, byte order of the transfer syntax. */
        BINARY,
        /** Sequence of items. */
        SEQUENCE
    }

    private static final VR[] BY_CODE = new VR[0x10000];

    static {
        for (VR vr : values()) {
            BY_CODE[vr.code] = vr;
        }
    }

    private final int code;
    private final Kind kind;
    private final int bytesPerValue;
    private final int paddingByte;
    private final boolean longHeader;
    private final boolean multiValued;

    VR(Kind kind, int bytesPerValue, int paddingByte, boolean longHeader, boolean multiValued) {
        this.code = (name().charAt(0) << 8) | name().charAt(1);
        this.kind = kind;
        this.bytesPerValue = bytesPerValue;
        this.paddingByte = paddingByte;
        this.longHeader = longHeader;
        this.multiValued = multiValued;
    }

    /** The two ASCII characters as an int, first character in the high byte ({@code 0x5053} = PN). */
    public int code() {
        return code;
    }

    /** The VR for a code as read from an explicit VR header, or null if the code is not a VR. */
    public static VR of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** True if the explicit VR header has 2 reserved bytes and a 32-bit length (12 bytes). */
    public boolean longHeader() {
        return longHeader;
    }

    /** Length of this VR's explicit VR element header: 8 or 12 bytes. */
    public int headerLength() {
        return longHeader ? 12 : 8;
    }

    /** Value interpretation. */
    public Kind kind() {
        return kind;
    }

    /** True for character string VRs (default repertoire or Specific Character Set). */
    public boolean isString() {
        return kind == Kind.ASCII || kind == Kind.TEXT;
    }

    /** True for VRs whose characters depend on the Specific Character Set (SH LO ST LT PN UC UT). */
    public boolean usesSpecificCharacterSet() {
        return kind == Kind.TEXT;
    }

    /** True for string VRs whose values are separated by backslash. */
    public boolean isMultiValuedString() {
        return multiValued;
    }

    /** Size of one binary value in bytes (2 for US/SS/OW, 4 for UL/SL/FL/OF/OL/AT, ...), else 0. */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** Bytes to swap when changing byte order (1 = none; AT is two 16-bit numbers). */
    public int swapUnit() {
        return this == AT ? 2 : kind == Kind.BINARY ? Math.max(1, bytesPerValue) : 1;
    }

    /** Byte used to pad values to even length: space for strings, NUL for UI and binary. */
    public int paddingByte() {
        return paddingByte;
    }
}
