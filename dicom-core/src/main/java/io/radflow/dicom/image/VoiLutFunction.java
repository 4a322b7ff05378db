package io.radflow.dicom.image;

/**
 * VOI LUT Function (0028,1056) and the window formulas of PS3.3 C.11.2.1.2 with output range
 * {@code [yMin, yMax]}.
 */
public enum VoiLutFunction {
    /** C.11.2.1.2.1: the classic window; width must be at least 1. */
    LINEAR {
        @Override
        public double apply(double x, double c, double w, double yMin, double yMax) {
            double lo = c - 0.5 - (w - 1) / 2;
            double hi = c - 0.5 + (w - 1) / 2;
            if (x <= lo) {
                return yMin;
            }
            if (x > hi) {
                return yMax;
            }
            return ((x - (c - 0.5)) / (w - 1) + 0.5) * (yMax - yMin) + yMin;
        }
    },
    /** C.11.2.1.3.2: exact linear mapping; width must be greater than 0. */
    LINEAR_EXACT {
        @Override
        public double apply(double x, double c, double w, double yMin, double yMax) {
            if (x <= c - w / 2) {
                return yMin;
            }
            if (x > c + w / 2) {
                return yMax;
            }
            return ((x - c) / w + 0.5) * (yMax - yMin) + yMin;
        }
    },
    /** C.11.2.1.3.1: sigmoid; width must be greater than 0. */
    SIGMOID {
        @Override
        public double apply(double x, double c, double w, double yMin, double yMax) {
            return (yMax - yMin) / (1 + Math.exp(-4 * (x - c) / w)) + yMin;
        }
    };

    /** Output value for modality value {@code x}, window center {@code c} and width {@code w}. */
    public abstract double apply(double x, double c, double w, double yMin, double yMax);

    /** The smallest window width the function accepts. */
    public double minWidth() {
        return this == LINEAR ? 1 : Double.MIN_VALUE;
    }

    /** Parses the DICOM term (or WADO-RS {@code window} function parameter), case-insensitive. */
    public static VoiLutFunction of(String term) throws PixelDataException {
        if (term == null || term.isBlank()) {
            return LINEAR;
        }
        try {
            return valueOf(term.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PixelDataException("unknown VOI LUT Function '" + term + "'");
        }
    }
}
