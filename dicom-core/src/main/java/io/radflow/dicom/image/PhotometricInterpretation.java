package io.radflow.dicom.image;

/** Photometric Interpretation (0028,0004) defined terms, PS3.3 C.7.6.3.1.2. */
public enum PhotometricInterpretation {
    MONOCHROME1,
    MONOCHROME2,
    PALETTE_COLOR,
    RGB,
    YBR_FULL,
    YBR_FULL_422,
    YBR_PARTIAL_422,
    YBR_PARTIAL_420,
    YBR_ICT,
    YBR_RCT;

    /** The DICOM code string, e.g. {@code "PALETTE COLOR"}. */
    public String code() {
        return this == PALETTE_COLOR ? "PALETTE COLOR" : name();
    }

    /** Parses a code string (surrounding spaces ignored). */
    public static PhotometricInterpretation of(String code) throws PixelDataException {
        if (code != null) {
            String c = code.trim();
            for (PhotometricInterpretation pi : values()) {
                if (pi.code().equals(c)) {
                    return pi;
                }
            }
        }
        throw new PixelDataException("unknown Photometric Interpretation '" + code + "'");
    }

    public boolean isMonochrome() {
        return this == MONOCHROME1 || this == MONOCHROME2;
    }

    /** True for the YCbCr family (all values starting with {@code YBR_}). */
    public boolean isYBR() {
        return name().startsWith("YBR_");
    }

    /** Samples per pixel this interpretation requires. */
    public int samplesPerPixel() {
        return isMonochrome() || this == PALETTE_COLOR ? 1 : 3;
    }
}
