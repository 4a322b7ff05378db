package io.radflow.dicom.web;

import io.radflow.dicom.data.Tag;
import io.radflow.dicom.seg.SegmentationException;
import io.radflow.dicom.seg.SourceFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a series for a pipeline: all its instances by one WADO-RS request, checked and put in
 * position order.
 *
 * <p>Order: images with geometry (ImagePositionPatient, ImageOrientationPatient, FrameOfReferenceUID)
 * are sorted by their position along the normal of the orientation (row × column direction cosines),
 * ascending, by dicom-core's {@link SourceFrame#sortedByPosition}; for an axial CT stack in the usual
 * orientation that is inferior to superior. Neither InstanceNumber nor arrival order matters. Images
 * without geometry (DX, CR) keep InstanceNumber order, arrival order among equal numbers.
 *
 * <p>Rejected, with an {@link InvalidSeriesException}: a series without instances, an instance
 * without Pixel Data or Rows/Columns, different Rows/Columns, geometry on some images and not on
 * others, different orientations or frames of reference, and two images at the same position.
 */
public final class SeriesLoader {
    /** Largest difference of a direction cosine between images of one series. */
    static final double ORIENTATION_TOLERANCE = 1e-4;

    /** Closest two images may lie along the normal (mm). */
    static final double POSITION_TOLERANCE = 1e-3;

    private final DicomWebClient client;

    public SeriesLoader(DicomWebClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The series' instances in position order (see the class description). */
    public List<RetrievedInstance> load(String study, String series) throws DicomWebException, InvalidSeriesException {
        return sorted(series, client.retrieveSeries(study, series));
    }

    /** The instances of {@code series} checked and in position order (see the class description). */
    public static List<RetrievedInstance> sorted(String series, List<RetrievedInstance> instances)
            throws InvalidSeriesException {
        if (instances.isEmpty()) {
            throw new InvalidSeriesException(series, "no instances");
        }
        Map<SourceFrame, RetrievedInstance> byFrame = new IdentityHashMap<>();
        List<SourceFrame> frames = new ArrayList<>();
        for (RetrievedInstance ri : instances) {
            if (!ri.dataset().containsValue(Tag.PixelData)) {
                throw new InvalidSeriesException(series, "instance " + ri.sopInstanceUid() + " has no pixel data");
            }
            SourceFrame f;
            try {
                f = SourceFrame.of(ri.dataset()).get(0);
            } catch (SegmentationException e) {
                throw new InvalidSeriesException(series, e.getMessage());
            }
            byFrame.put(f, ri);
            frames.add(f);
        }
        SourceFrame first = frames.get(0);
        long withGeometry = frames.stream().filter(SeriesLoader::hasPlane).count();
        for (SourceFrame f : frames) {
            if (f.rows() != first.rows() || f.columns() != first.columns()) {
                throw new InvalidSeriesException(
                        series,
                        "inconsistent geometry: " + f + " is " + f.columns() + " x " + f.rows() + ", " + first + " "
                                + first.columns() + " x " + first.rows());
            }
        }
        if (withGeometry == 0) {
            List<RetrievedInstance> list = new ArrayList<>(instances);
            list.sort(Comparator.comparingInt(ri -> ri.dataset().getInt(Tag.InstanceNumber, Integer.MAX_VALUE)));
            return list;
        }
        checkGeometry(series, frames, withGeometry);
        List<SourceFrame> sorted = SourceFrame.sortedByPosition(frames);
        double[] normal = first.normal();
        for (int i = 1; i < sorted.size(); i++) {
            SourceFrame a = sorted.get(i - 1);
            SourceFrame b = sorted.get(i);
            if (b.distanceAlong(normal) - a.distanceAlong(normal) < POSITION_TOLERANCE) {
                throw new InvalidSeriesException(
                        series,
                        "inconsistent geometry: " + a + " and " + b + " lie at the same position "
                                + b.distanceAlong(normal) + " mm along the normal");
            }
        }
        return sorted.stream().map(byFrame::get).toList();
    }

    private static void checkGeometry(String series, List<SourceFrame> frames, long withGeometry)
            throws InvalidSeriesException {
        if (withGeometry != frames.size()) {
            SourceFrame without =
                    frames.stream().filter(f -> !hasPlane(f)).findFirst().orElseThrow();
            throw new InvalidSeriesException(
                    series,
                    "inconsistent geometry: " + without
                            + " has no ImagePositionPatient/ImageOrientationPatient, other images have");
        }
        SourceFrame first = frames.get(0);
        if (first.normal() == null) {
            throw new InvalidSeriesException(
                    series, "inconsistent geometry: " + first + " has a degenerate ImageOrientationPatient");
        }
        for (SourceFrame f : frames) {
            if (f.frameOfReferenceUid() == null) {
                throw new InvalidSeriesException(series, "inconsistent geometry: " + f + " has no FrameOfReferenceUID");
            }
            if (!f.frameOfReferenceUid().equals(first.frameOfReferenceUid())) {
                throw new InvalidSeriesException(
                        series,
                        "inconsistent geometry: " + f + " and " + first + " have different FrameOfReferenceUIDs");
            }
            for (int i = 0; i < 6; i++) {
                if (Math.abs(f.orientation()[i] - first.orientation()[i]) > ORIENTATION_TOLERANCE) {
                    throw new InvalidSeriesException(
                            series, "inconsistent geometry: " + f + " and " + first + " have different orientations");
                }
            }
        }
    }

    private static boolean hasPlane(SourceFrame f) {
        return f.position() != null
                && f.position().length == 3
                && f.orientation() != null
                && f.orientation().length == 6;
    }
}
