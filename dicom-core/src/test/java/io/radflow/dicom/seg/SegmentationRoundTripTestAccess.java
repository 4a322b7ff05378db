package io.radflow.dicom.seg;

/** {@link SegmentationRoundTripTest}'s segments for tests in other packages. */
public final class SegmentationRoundTripTestAccess {
    private SegmentationRoundTripTestAccess() {}

    public static Segment segment(int n, String label, AlgorithmType type) {
        return SegmentationRoundTripTest.segment(n, label, type, 230, 80, 60);
    }
}
