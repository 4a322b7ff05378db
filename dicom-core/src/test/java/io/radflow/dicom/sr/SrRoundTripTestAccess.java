package io.radflow.dicom.sr;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.iod.DerivedInstance;
import java.util.List;

/** {@link SrRoundTripTest}'s report for tests in other packages (the fuzz test's seed). */
public final class SrRoundTripTestAccess {
    public static final DerivedInstance INSTANCE = SrRoundTripTest.INSTANCE;

    private SrRoundTripTestAccess() {}

    public static MeasurementReport.Report report(Attributes dx, Attributes ct, String segUid) {
        return SrRoundTripTest.report(dx, ct, segUid);
    }

    public static List<SrWriter.Evidence> evidence(Attributes dx, Attributes ct, String segUid) {
        return SrRoundTripTest.evidence(dx, ct, segUid);
    }
}
