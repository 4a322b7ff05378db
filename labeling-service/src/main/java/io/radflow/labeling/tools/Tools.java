package io.radflow.labeling.tools;

import io.radflow.dicom.image.PixelDataException;
import io.radflow.dicom.image.codec.OpenCvLoader;

/** What the tools share: parameter checks, windowing to 8-bit grey, loading OpenCV. */
final class Tools {
    private Tools() {}

    /** Loads OpenCV's native library (once). */
    static void loadOpenCv() {
        try {
            OpenCvLoader.load();
        } catch (PixelDataException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Checks that {@code low} and {@code high} are finite and {@code low < high}. */
    static void checkWindow(String what, double low, double high) {
        if (!Double.isFinite(low) || !Double.isFinite(high)) {
            throw new ToolException(what + " must be finite numbers, is " + low + " .. " + high);
        }
        if (low >= high) {
            throw new ToolException(what + " low (" + low + ") must be below high (" + high + ")");
        }
    }

    /** Checks that there is a frame. */
    static void checkFrame(HuFrame frame) {
        if (frame == null) {
            throw new ToolException("no frame");
        }
    }

    /** Checks that a mask, when present, has one byte per pixel of the frame. */
    static void checkMask(String what, byte[] mask, HuFrame frame) {
        if (mask != null && mask.length != frame.size()) {
            throw new ToolException(what + " mask has " + mask.length + " values, the image " + frame.rows()
                    + " rows x " + frame.columns() + " columns = " + frame.size() + " pixels");
        }
    }

    /**
     * The frame's values mapped linearly from {@code low … high} to grey 0 … 255, values outside
     * clipped (rounded to the nearest grey level).
     */
    static byte[] gray8(HuFrame frame, double low, double high) {
        float[] v = frame.values();
        byte[] out = new byte[v.length];
        double scale = 255.0 / (high - low);
        for (int i = 0; i < v.length; i++) {
            double g = (v[i] - low) * scale + 0.5;
            out[i] = (byte) (g <= 0 ? 0 : g >= 255 ? 255 : (int) g);
        }
        return out;
    }
}
