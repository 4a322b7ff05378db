package io.radflow.dicom.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Value equality used by {@link Attributes#equals}. */
final class ValueComparator {
    private ValueComparator() {}

    static boolean equalDatasets(Attributes a, Attributes b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.tagAt(i) != b.tagAt(i) || a.vrAt(i) != b.vrAt(i)) {
                return false;
            }
            if (!equalValues(a, b, i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalValues(Attributes a, Attributes b, int i) {
        Object va = a.valueAt(i);
        Object vb = b.valueAt(i);
        VR vr = a.vrAt(i);
        int tag = a.tagAt(i);
        if (va instanceof Sequence sa) {
            if (!(vb instanceof Sequence sb) || sa.size() != sb.size()) {
                return false;
            }
            for (int k = 0; k < sa.size(); k++) {
                if (!equalDatasets(sa.get(k), sb.get(k))) {
                    return false;
                }
            }
            return true;
        }
        if (va instanceof Fragments fa) {
            if (!(vb instanceof Fragments fb) || fa.size() != fb.size()) {
                return false;
            }
            try {
                for (int k = 0; k < fa.size(); k++) {
                    if (!Arrays.equals(fa.bytes(k), fb.bytes(k))) {
                        return false;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return true;
        }
        if (vb instanceof Sequence || vb instanceof Fragments) {
            return false;
        }
        if (vr.isString()) {
            return Arrays.equals(a.getStrings(tag), b.getStrings(tag));
        }
        byte[] ba = a.getBytes(tag);
        byte[] bb = b.getBytes(tag);
        if (a.bigEndian() != b.bigEndian()) {
            bb = bb.clone();
            ByteUtils.swap(bb, 0, bb.length, vr.swapUnit());
        }
        return Arrays.equals(ba, bb) || paddedEqual(ba, bb) || paddedEqual(bb, ba);
    }

    /** An odd-length value equals itself padded to even length, as it must be written. */
    private static boolean paddedEqual(byte[] odd, byte[] even) {
        return (odd.length & 1) != 0
                && even.length == odd.length + 1
                && (even[odd.length] == 0 || even[odd.length] == ' ')
                && Arrays.equals(odd, 0, odd.length, even, 0, odd.length);
    }
}
