package io.radflow.teststudies.ct;

/**
 * Compartments of the CT phantoms: the byte written in the label maps, and the Hounsfield units
 * (mean and standard deviation, noise included) that pixels of the compartment get.
 */
public enum Tissue {
    AIR(0, -1000, 6),
    SKIN(1, 30, 12),
    SUBCUTANEOUS_FAT(2, -105, 12),
    ABDOMINAL_WALL_MUSCLE(3, 45, 12),
    PSOAS(4, 50, 12),
    PARASPINAL_MUSCLE(5, 42, 12),
    VISCERAL_FAT(6, -95, 12),
    LIVER(7, 60, 10),
    KIDNEY(8, 32, 10),
    SPLEEN(9, 48, 10),
    BOWEL(10, 20, 12),
    BOWEL_GAS(11, -985, 8),
    VESSEL(12, 42, 10),
    BONE(13, 320, 25),
    DISC(14, 85, 12),
    SPINAL_CANAL(15, 15, 10),
    LUNG(16, -850, 25),
    HEART(17, 40, 10),
    GROUND_GLASS(18, -520, 30),
    CHEST_WALL_MUSCLE(19, 45, 12),
    MEDIASTINAL_FAT(20, -100, 12);

    /** Lower bound of the standard skeletal muscle HU threshold (−29…+150 HU). */
    public static final int MUSCLE_MIN_HU = -29;
    /** Upper bound of the standard skeletal muscle HU threshold. */
    public static final int MUSCLE_MAX_HU = 150;
    /** Lower bound of the standard adipose tissue HU threshold (−190…−30 HU). */
    public static final int FAT_MIN_HU = -190;
    /** Upper bound of the standard adipose tissue HU threshold. */
    public static final int FAT_MAX_HU = -30;
    /** Ground-glass opacity range (−700…−300 HU). */
    public static final int GGO_MIN_HU = -700;
    /** Upper bound of the ground-glass opacity range. */
    public static final int GGO_MAX_HU = -300;

    private static final Tissue[] BY_LABEL = new Tissue[values().length];

    static {
        for (Tissue t : values()) {
            BY_LABEL[t.label] = t;
        }
    }

    /** Byte value in the label maps. */
    public final int label;
    /** Mean Hounsfield units. */
    public final double meanHu;
    /** Standard deviation in Hounsfield units (tissue texture and noise together). */
    public final double sdHu;

    Tissue(int label, double meanHu, double sdHu) {
        this.label = label;
        this.meanHu = meanHu;
        this.sdHu = sdHu;
    }

    /** The tissue with label byte {@code label}. */
    public static Tissue ofLabel(int label) {
        return BY_LABEL[label];
    }

    /** Skeletal muscle (what L3 body-composition tools measure as SMA). */
    public boolean isSkeletalMuscle() {
        return this == ABDOMINAL_WALL_MUSCLE || this == PSOAS || this == PARASPINAL_MUSCLE || this == CHEST_WALL_MUSCLE;
    }

    /** Adipose tissue (subcutaneous, visceral or mediastinal fat). */
    public boolean isFat() {
        return this == SUBCUTANEOUS_FAT || this == VISCERAL_FAT || this == MEDIASTINAL_FAT;
    }

    /** Lower-case name used in the ground-truth JSON. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
