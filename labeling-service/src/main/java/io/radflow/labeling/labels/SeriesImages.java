package io.radflow.labeling.labels;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.seg.SegmentationException;
import io.radflow.dicom.seg.SourceFrame;
import io.radflow.labeling.api.ApiException;
import io.radflow.labeling.archive.InstanceLocation;
import io.radflow.labeling.archive.ParsedInstance;
import io.radflow.labeling.dicomweb.DicomWebException;
import io.radflow.labeling.wado.InstanceLocator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A series' image frames as the archive holds them (headers only; pixel data stays in the files):
 * their order by position (slice index 0 = the most superior, as in the training-set format; not the
 * instance number's order), size, and the data sets a SEG refers to.
 */
@ApplicationScoped
public class SeriesImages {
    private final InstanceLocator locator;

    public SeriesImages(InstanceLocator locator) {
        this.locator = locator;
    }

    /**
     * One series' frames.
     *
     * @param study Study Instance UID
     * @param series Series Instance UID
     * @param rows Rows of every frame
     * @param columns Columns of every frame
     * @param datasets the image data sets (pixel data as file references), in archive order
     * @param frames the frames sorted by position, most superior first
     * @param sliceIndex {@code sop + "/" + frame} (frame 1-based) → index in {@code frames}
     */
    public record Series(
            String study,
            String series,
            int rows,
            int columns,
            List<Attributes> datasets,
            List<SourceFrame> frames,
            Map<String, Integer> sliceIndex) {

        /** The slice index of a frame (1-based frame number), or -1 when the series has no such frame. */
        public int indexOf(String sop, int frame) {
            return sliceIndex.getOrDefault(key(sop, frame), -1);
        }

        /** The 1-based frame number of a source frame (single-frame images: 1). */
        public static int frameOf(SourceFrame f) {
            return Math.max(1, f.frameNumber());
        }

        /** The key of {@link #sliceIndex}. */
        public static String key(String sop, int frame) {
            return sop + "/" + frame;
        }
    }

    /** The series (404 when the archive has none, 400 when it is not a series of same-sized images). */
    public Series load(String study, String series) {
        List<InstanceLocation> locations;
        try {
            locations = locator.instances(study, series);
        } catch (DicomWebException e) {
            throw new ApiException(e.status(), e.getMessage());
        }
        List<Attributes> datasets = new ArrayList<>(locations.size());
        for (InstanceLocation loc : locations) {
            ParsedInstance p = locator.parsed(loc);
            if (p.frames() > 0) {
                datasets.add(p.dataset());
            }
        }
        if (datasets.isEmpty()) {
            throw ApiException.badRequest("series " + series + " has no images to label");
        }
        List<SourceFrame> frames;
        try {
            frames = new ArrayList<>(SourceFrame.sortedByPosition(SourceFrame.of(datasets)));
        } catch (SegmentationException e) {
            throw ApiException.badRequest("series " + series + ": " + e.getMessage());
        }
        // slice index 0 = the most superior (patient +Z is superior): a stack sorted along a normal
        // pointing to the head is reversed, as the training-set format and the annotators count slices
        SourceFrame top = frames.get(0);
        if (top.hasGeometry() && top.normal()[2] > 1e-6) {
            java.util.Collections.reverse(frames);
        }
        SourceFrame first = frames.get(0);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            SourceFrame f = frames.get(i);
            if (f.rows() != first.rows() || f.columns() != first.columns()) {
                throw ApiException.badRequest("series " + series + " has frames of different sizes (" + first.rows()
                        + "x" + first.columns() + " and " + f.rows() + "x" + f.columns() + ")");
            }
            index.put(Series.key(f.sopInstanceUid(), Series.frameOf(f)), i);
        }
        return new Series(study, series, first.rows(), first.columns(), datasets, frames, index);
    }
}
