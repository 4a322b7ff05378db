package io.radflow.teststudies.iod;

/** Native pixel data encoding. */
final class PixelBytes {
    private PixelBytes() {}

    /** 16-bit samples as little-endian bytes. */
    static byte[] littleEndian(short[] samples) {
        byte[] b = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            b[2 * i] = (byte) samples[i];
            b[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return b;
    }
}
