package io.radflow.dicom.image;

import java.util.Locale;

/** Common CT window presets in Hounsfield units (center, width). */
public enum WindowPreset {
    LUNG(-600, 1500),
    MEDIASTINUM(50, 350),
    ABDOMEN(40, 400),
    BONE(400, 1800),
    BRAIN(40, 80);

    private final double center;
    private final double width;

    WindowPreset(double center, double width) {
        this.center = center;
        this.width = width;
    }

    public double center() {
        return center;
    }

    public double width() {
        return width;
    }

    public Window window() {
        return new Window(center, width, VoiLutFunction.LINEAR);
    }

    public static WindowPreset of(String name) throws PixelDataException {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PixelDataException(
                    "unknown window preset '" + name + "' (lung, mediastinum, abdomen, bone, brain)");
        }
    }
}
