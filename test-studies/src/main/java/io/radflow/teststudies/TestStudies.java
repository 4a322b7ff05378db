package io.radflow.teststudies;

import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import java.util.List;

/**
 * Entry point for tests of other modules:
 *
 * <pre>{@code
 * GroundTruth truth = TestStudies.abdominalCt(42, 20).writeTo(dir);
 * String l3 = truth.primaryCt().l3Slice().sopInstanceUid();
 * }</pre>
 *
 * Everything is derived from the seed: the same seed gives the same files, byte for byte.
 */
public final class TestStudies {
    private TestStudies() {}

    /** Abdominal CT: series 1 with {@code slices} slices around mid-L3, series 2 thick slices. */
    public static SyntheticStudy abdominalCt(long seed, int slices) {
        return SyntheticStudy.of(StudyKind.ABDOMINAL_CT, seed).withSlices(slices);
    }

    /** Chest CT with {@code lesions} ground-glass lesions (0 for a lesion-free study). */
    public static SyntheticStudy chestCt(long seed, int slices, int lesions) {
        return SyntheticStudy.of(lesions == 0 ? StudyKind.CHEST_CT_NORMAL : StudyKind.CHEST_CT, seed)
                .withSlices(slices)
                .withFindings(lesions);
    }

    /** Chest radiograph with {@code findings} distinct findings drawn from the seed (0 for a normal one). */
    public static SyntheticStudy chestRadiograph(long seed, ViewPosition view, int findings) {
        StudyKind kind = view == ViewPosition.AP ? StudyKind.CHEST_DX_AP : StudyKind.CHEST_DX_PA;
        return SyntheticStudy.of(kind, seed).withFindings(findings);
    }

    /** Chest radiograph with exactly these findings (none for a normal one). */
    public static SyntheticStudy chestRadiograph(long seed, ViewPosition view, List<Finding> findings) {
        StudyKind kind = view == ViewPosition.AP ? StudyKind.CHEST_DX_AP : StudyKind.CHEST_DX_PA;
        return SyntheticStudy.of(kind, seed).withFindings(findings);
    }
}
