package io.radflow.dicom.data;

import java.util.ArrayList;

/**
 * Encapsulated pixel data (PS3.5 A.4): the items of a Pixel Data element of undefined length.
 * Item 0 is the Basic Offset Table (possibly empty); each item is a {@code byte[]} or a {@link
 * BulkData} range of the source file.
 */
public final class Fragments extends ArrayList<Object> {
    private final VR vr;
    private final boolean bigEndian;

    /** Creates an empty fragment list for an element of {@code vr} (OB normally). */
    public Fragments(VR vr, boolean bigEndian, int capacity) {
        super(capacity);
        this.vr = vr;
        this.bigEndian = bigEndian;
    }

    /** VR of the pixel data element. */
    public VR vr() {
        return vr;
    }

    /** Byte order of the data set the fragments were read from. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** Length in bytes of fragment {@code index}. */
    public long length(int index) {
        Object o = get(index);
        return o instanceof BulkData b ? b.length() : ((byte[]) o).length;
    }

    /** The bytes of fragment {@code index} (reads a {@link BulkData} fragment). */
    public byte[] bytes(int index) throws java.io.IOException {
        Object o = get(index);
        return o instanceof BulkData b ? b.toBytes() : (byte[]) o;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
