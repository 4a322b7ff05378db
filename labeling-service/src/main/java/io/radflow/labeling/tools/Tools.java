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
        return gray8(frame, low, high, null);
    }

    /**
     * {@link #gray8(HuFrame, double, double)}, and in the same pass (when {@code inWindow} is not null,
     * of the frame's size) 255 where low ≤ value ≤ high, else 0.
     */
    static byte[] gray8(HuFrame frame, double low, double high, byte[] inWindow) {
        float[] v = frame.values();
        byte[] out = new byte[v.length];
        float lo = (float) low;
        float hi = (float) high;
        float scale = (float) (255.0 / (high - low));
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            float g = (x - lo) * scale + 0.5f;
            out[i] = (byte) (g <= 0 ? 0 : g >= 255 ? 255 : (int) g);
            if (inWindow != null) {
                inWindow[i] = (byte) (x >= lo && x <= hi ? 255 : 0);
            }
        }
        return out;
    }
}
