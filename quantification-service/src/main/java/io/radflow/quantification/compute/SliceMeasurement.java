package io.radflow.quantification.compute;

import java.util.List;

/**
 * The tissues of one slice, or the per-slice average over a slab.
 *
 * @param slices number of slices measured (1 for a single slice)
 * @param tissues one measurement per {@link BodyTissue}, in its order
 */
public record SliceMeasurement(int slices, List<TissueMeasurement> tissues) {

    public SliceMeasurement {
        tissues = List.copyOf(tissues);
    }

    /** The measurement of {@code tissue}. */
    public TissueMeasurement tissue(BodyTissue tissue) {
        return tissues.get(tissue.ordinal());
    }
}
