package io.radflow.dicom.image.codec;

import io.radflow.dicom.image.PixelDataException;

/** Loads OpenCV's native library ({@code org.openpnp:opencv}) once, on first use. */
public final class OpenCvLoader {
    private static volatile boolean loaded;

    private OpenCvLoader() {}

    /** Loads the library or explains why it cannot be loaded. */
    public static void load() throws PixelDataException {
        if (!loaded) {
            synchronized (OpenCvLoader.class) {
                if (!loaded) {
                    try {
                        nu.pattern.OpenCV.loadLocally();
                    } catch (RuntimeException | LinkageError e) {
                        throw new PixelDataException(-1, "OpenCV native library unavailable: " + e, e);
                    }
                    loaded = true;
                }
            }
        }
    }
}
