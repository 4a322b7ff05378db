package io.radflow.quantification.compute;

import io.radflow.dicom.code.Code;
import io.radflow.dicom.code.Codes;

/** The tissues measured at L3, with their coded concept, display name and picture colour. */
public enum BodyTissue {
    /** Inside the muscle label and within the muscle HU range. */
    SKELETAL_MUSCLE(Codes.SKELETAL_MUSCLE, "Skeletal muscle", 0xDC3C3C),
    /** Inside the subcutaneous fat label and within the adipose HU range. */
    SUBCUTANEOUS_FAT(Codes.SUBCUTANEOUS_ADIPOSE_TISSUE, "Subcutaneous fat", 0xFAD250),
    /** Inside the visceral fat label and within the adipose HU range. */
    VISCERAL_FAT(Codes.VISCERAL_ADIPOSE_TISSUE, "Visceral fat", 0x5AC878),
    /** Inside the muscle label (the muscle compartment) and within the adipose HU range. */
    INTERMUSCULAR_FAT(Codes.INTERMUSCULAR_ADIPOSE_TISSUE, "Intermuscular fat", 0x46BEE6);

    private final Code code;
    private final String displayName;
    private final int rgb;

    BodyTissue(Code code, String displayName, int rgb) {
        this.code = code;
        this.displayName = displayName;
        this.rgb = rgb;
    }

    /** The coded concept (segment property and SR finding site). */
    public Code code() {
        return code;
    }

    /** Name shown to users ("Skeletal muscle"). */
    public String displayName() {
        return displayName;
    }

    /** Picture colour as 0xRRGGBB (muscle as in the body-composition model's manifest). */
    public int rgb() {
        return rgb;
    }
}
