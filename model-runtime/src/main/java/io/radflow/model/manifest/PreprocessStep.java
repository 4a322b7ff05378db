package io.radflow.model.manifest;

/** One step of a manifest's {@code preprocessing} chain; the JSON {@code op} names the record. */
public sealed interface PreprocessStep {

    /** The JSON {@code op} of this step. */
    String op();

    /** Stored values to modality values (Hounsfield units for CT): Modality LUT or rescale. */
    record ModalityLut() implements PreprocessStep {
        @Override
        public String op() {
            return "modalityLut";
        }
    }

    /** {@code clip((x - (center - width/2)) / width, 0, 1)}. */
    record Window(double center, double width) implements PreprocessStep {
        @Override
        public String op() {
            return "window";
        }
    }

    /** {@code (x - min) / (max - min)} over the frame; 0 where max equals min. */
    record NormalizeRange() implements PreprocessStep {
        @Override
        public String op() {
            return "normalizeRange";
        }
    }

    /** Global histogram equalisation of the 8-bit image, then back to 0..1. */
    record HistogramEqualization() implements PreprocessStep {
        @Override
        public String op() {
            return "histogramEqualization";
        }
    }

    /**
     * CLAHE of the 8-bit image, then back to 0..1.
     *
     * @param clipLimit OpenCV's clip limit (default 2)
     * @param tileGrid tiles per side (default 8)
     */
    record Clahe(double clipLimit, int tileGrid) implements PreprocessStep {
        @Override
        public String op() {
            return "clahe";
        }
    }

    /** Scales the frame so that a pixel is {@code pixelSpacingMm} wide and high. */
    record Resample(double pixelSpacingMm, Interpolation interpolation) implements PreprocessStep {
        @Override
        public String op() {
            return "resample";
        }
    }

    /**
     * Resizes to {@code width} x {@code height}; with {@code keepAspect} scales to fit and pads
     * the rest with {@code padValue}, centred.
     */
    record Resize(int width, int height, Interpolation interpolation, boolean keepAspect, double padValue)
            implements PreprocessStep {
        @Override
        public String op() {
            return "resize";
        }
    }

    /** {@code x * factor + offset}. */
    record Scale(double factor, double offset) implements PreprocessStep {
        @Override
        public String op() {
            return "scale";
        }
    }
}
