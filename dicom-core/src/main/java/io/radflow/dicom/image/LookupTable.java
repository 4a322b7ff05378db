package io.radflow.dicom.image;

import io.radflow.dicom.data.Attributes;

/**
 * A LUT given by a LUT Descriptor (number of entries, first value mapped, bits per entry) and LUT
 * Data (PS3.3 C.11.1.1): Modality LUT, VOI LUT and palette colour tables. Inputs below the first
 * mapped value use the first entry, inputs beyond the table its last entry.
 *
 * @param firstMapped the first stored value mapped
 * @param bits bits per entry
 * @param entries the table
 */
public record LookupTable(int firstMapped, int bits, int[] entries) {

    /**
     * Reads the LUT whose descriptor and data are {@code descriptorTag} and {@code dataTag} of
     * {@code item}; {@code signedInput} says whether the first mapped value is two's complement.
     */
    public static LookupTable read(Attributes item, int descriptorTag, int dataTag, boolean signedInput)
            throws PixelDataException {
        int[] desc = item.getInts(descriptorTag);
        int[] data = item.getInts(dataTag);
        if (desc == null || desc.length != 3 || data == null) {
            throw new PixelDataException("LUT descriptor or data missing or malformed");
        }
        int n = desc[0] == 0 ? 65536 : desc[0] & 0xFFFF;
        int first = signedInput ? (short) desc[1] : desc[1] & 0xFFFF;
        int bits = desc[2];
        if (bits < 1 || bits > 16) {
            throw new PixelDataException("LUT with " + bits + " bits per entry");
        }
        int[] entries = new int[n];
        if (data.length >= n) {
            for (int i = 0; i < n; i++) {
                entries[i] = data[i] & ((1 << bits) - 1);
            }
        } else if (bits <= 8 && data.length * 2 >= n) {
            // 8-bit entries packed two per 16-bit word, low byte first
            for (int i = 0; i < n; i++) {
                int w = data[i / 2] & 0xFFFF;
                entries[i] = (i & 1) == 0 ? w & 0xFF : w >>> 8;
            }
        } else {
            throw new PixelDataException("LUT Data has " + data.length + " values, descriptor says " + n);
        }
        return new LookupTable(first, bits, entries);
    }

    /** The entry for {@code input}. */
    public int lookup(double input) {
        double i = Math.floor(input) - firstMapped;
        int idx = i <= 0 ? 0 : i >= entries.length - 1 ? entries.length - 1 : (int) i;
        return entries[idx];
    }

    /** Largest value an entry can hold ({@code 2^bits - 1}). */
    public int maxValue() {
        return (1 << bits) - 1;
    }
}
