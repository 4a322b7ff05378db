package io.radflow.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.testing.SourceImages;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SEG writer → Part 10 → reader: masks come back pixel for pixel on the right source frames (CT
 * stack in shuffled order, a multi-frame source, a radiograph), by reference and by geometry alone;
 * what cannot be matched ends in {@link SegmentationException}.
 */
class SegmentationRoundTripTest {
    static final DerivedInstance INSTANCE = new DerivedInstance(
            null, null, 1001, "AI segmentation", 1, "radflow 0.1.0", "test-model", LocalDateTime.now());

    static Segment segment(int n, String label, AlgorithmType type, int... rgb) {
        return new Segment(
                n,
                label,
                Codes.TISSUE,
                n == 1
                        ? Codes.SKELETAL_MUSCLE
                        : n == 2 ? Codes.SUBCUTANEOUS_ADIPOSE_TISSUE : Codes.VISCERAL_ADIPOSE_TISSUE,
                Codes.ABDOMEN,
                type,
                type == AlgorithmType.MANUAL ? null : "body-composition",
                type == AlgorithmType.MANUAL ? null : "1.0.0",
                null,
                rgb,
                null);
    }

    /** Random blobs; some frames empty. */
    static List<byte[]> masks(int frames, int pixels, long seed) {
        Random rnd = new Random(seed);
        List<byte[]> list = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            if (rnd.nextInt(3) == 0) {
                list.add(null);
                continue;
            }
            byte[] m = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                m[p] = (byte) (rnd.nextInt(4) == 0 ? 1 : 0);
            }
            list.add(m);
        }
        return list;
    }

    @Test
    void ctStackOverlappingSegmentsRoundTripPixelForPixel() throws Exception {
        List<Attributes> ct = SourceImages.ctStack(7, 13, 11, 1); // odd sizes: frames do not end on bytes
        SegmentationWriter w = new SegmentationWriter(ct);
        Map<Integer, List<byte[]>> in = Map.of(1, masks(7, 143, 1), 2, masks(7, 143, 2), 3, masks(7, 143, 3));
        w.add(segment(1, "Muscle", AlgorithmType.AUTOMATIC, 230, 80, 60), in.get(1));
        w.add(segment(2, "SAT", AlgorithmType.SEMIAUTOMATIC, 250, 220, 70), in.get(2));
        w.add(segment(3, "VAT", AlgorithmType.MANUAL, 80, 200, 120), in.get(3));
        Attributes seg = SourceImages.read(SourceImages.part10(w.write(INSTANCE)));

        assertThat(seg.getString(Tag.SegmentsOverlap)).isEqualTo("YES");
        assertThat(seg.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen");
        assertThat(seg.getString(Tag.FrameOfReferenceUID)).isEqualTo(SourceImages.FOR);
        Segmentation read = SegmentationReader.read(seg);
        assertThat(read.referencedSeriesUid()).isEqualTo(SourceImages.SERIES);
        long nonEmpty = in.values().stream()
                .flatMap(List::stream)
                .filter(m -> m != null && nonZero(m))
                .count();
        assertThat(read.frames()).hasSize((int) nonEmpty);
        assertSameMasks(read.masksFor(SourceFrame.of(ct)), in);
        // a reader of one slice (quantification at L3) gets that slice's masks only, the same as above
        Map<Integer, List<byte[]>> one = read.masksFor(SourceFrame.of(ct), i -> i == 3);
        for (int segment : in.keySet()) {
            for (int i = 0; i < ct.size(); i++) {
                byte[] expected = i == 3 ? in.get(segment).get(i) : null;
                if (expected != null && !nonZero(expected)) {
                    expected = null;
                }
                assertThat(one.get(segment).get(i))
                        .as("segment %d slice %d", segment, i)
                        .isEqualTo(expected);
            }
        }
        // each mask is the caller's own copy
        read.frames().get(0).mask()[0] ^= 1;
        assertSameMasks(read.masksFor(SourceFrame.of(ct)), in);
        // frames within a segment run along the normal (z ascending), not in file or instance order
        double[] z = read.frames().stream()
                .filter(f -> f.segmentNumber() == 1)
                .mapToDouble(f -> f.position()[2])
                .toArray();
        assertThat(z).isSorted();
        // segments as written (colour through CIELab within one step)
        Segment s1 = read.segment(1);
        assertThat(s1.type()).isEqualTo(Codes.SKELETAL_MUSCLE);
        assertThat(s1.algorithmType()).isEqualTo(AlgorithmType.AUTOMATIC);
        assertThat(s1.algorithmName()).isEqualTo("body-composition");
        assertThat(s1.algorithmVersion()).isEqualTo("1.0.0");
        assertThat(s1.family()).isEqualTo(Codes.ARTIFICIAL_INTELLIGENCE);
        for (int i = 0; i < 3; i++) {
            assertThat(Math.abs(s1.rgb()[i] - new int[] {230, 80, 60}[i])).isLessThanOrEqualTo(1);
        }
        assertThat(read.segment(3).algorithmType()).isEqualTo(AlgorithmType.MANUAL);
        assertThat(read.segment(3).algorithmName()).isNull();

        // without the per-frame references the frames are matched by geometry alone
        for (Attributes fg : seg.getSequence(Tag.PerFrameFunctionalGroupsSequence)) {
            fg.remove(Tag.DerivationImageSequence);
        }
        assertSameMasks(SegmentationReader.read(seg).masksFor(SourceFrame.of(ct)), in);
    }

    @Test
    void multiFrameSourceReferencesFrameNumbers() throws Exception {
        Attributes mf = SourceImages.multiFrame(5, 8, 8);
        SegmentationWriter w = new SegmentationWriter(List.of(mf));
        List<byte[]> m = masks(5, 64, 7);
        w.add(segment(1, "Lesion", AlgorithmType.AUTOMATIC, 255, 0, 0), m);
        Attributes seg = SourceImages.read(SourceImages.part10(w.write(INSTANCE)));
        Segmentation read = SegmentationReader.read(seg);
        assertThat(read.frames())
                .allSatisfy(f -> assertThat(f.sources()).singleElement().satisfies(r -> assertThat(r.frameNumber())
                        .isBetween(1, 5)));
        assertSameMasks(read.masksFor(SourceFrame.of(mf)), Map.of(1, m));
        assertThat(seg.getString(Tag.SegmentsOverlap)).isEqualTo("NO");
    }

    @Test
    void radiographWithoutGeometry() throws Exception {
        Attributes dx = SourceImages.radiograph(16, 12);
        byte[] box = new byte[16 * 12];
        for (int r = 3; r < 9; r++) {
            for (int c = 2; c < 7; c++) {
                box[r * 12 + c] = 1;
            }
        }
        Attributes seg = new SegmentationWriter(List.of(dx))
                .add(segment(1, "Opacity", AlgorithmType.AUTOMATIC, 255, 128, 0), List.<byte[]>of(box))
                .write(INSTANCE);
        assertThat(seg.contains(Tag.FrameOfReferenceUID)).isFalse();
        Segmentation read = SegmentationReader.read(SourceImages.read(SourceImages.part10(seg)));
        assertThat(read.masksFor(SourceFrame.of(dx)).get(1).get(0)).isEqualTo(box);
    }

    @Test
    void unmatchableFramesAndBadPixelDataAreErrorsNotWrongMasks() throws Exception {
        List<Attributes> ct = SourceImages.ctStack(4, 8, 8, 2);
        List<byte[]> m = masks(4, 64, 4);
        m.set(0, new byte[64]);
        m.get(0)[5] = 1;
        Attributes seg = new SegmentationWriter(ct)
                .add(segment(1, "Muscle", AlgorithmType.AUTOMATIC, 1, 2, 3), m)
                .write(INSTANCE);

        // a source series that lacks the referenced images
        List<Attributes> others = SourceImages.ctStack(4, 8, 8, 2);
        others.forEach(a ->
                a.setString(Tag.SOPInstanceUID, io.radflow.dicom.data.VR.UI, a.getString(Tag.SOPInstanceUID) + "9"));
        assertThatThrownBy(() -> SegmentationReader.read(seg).masksFor(SourceFrame.of(others)))
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("not among the 4 source frames");

        // no references and another frame of reference
        Attributes noRefs = new Attributes(seg);
        for (Attributes fg : noRefs.getSequence(Tag.PerFrameFunctionalGroupsSequence)) {
            fg.remove(Tag.DerivationImageSequence);
        }
        others.forEach(a -> a.setString(Tag.FrameOfReferenceUID, io.radflow.dicom.data.VR.UI, "1.2.3"));
        assertThatThrownBy(() -> SegmentationReader.read(noRefs).masksFor(SourceFrame.of(others)))
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("matches no source frame");

        // sources of another size
        assertThatThrownBy(
                        () -> SegmentationReader.read(seg).masksFor(SourceFrame.of(SourceImages.ctStack(4, 9, 8, 2))))
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("9x8");

        // truncated pixel data
        Attributes cut = new Attributes(seg);
        byte[] px = cut.getBytes(Tag.PixelData);
        cut.setBytes(Tag.PixelData, io.radflow.dicom.data.VR.OB, java.util.Arrays.copyOf(px, px.length / 2));
        assertThatThrownBy(() -> SegmentationReader.read(cut))
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("truncated");

        // nothing to write
        assertThatThrownBy(() -> new SegmentationWriter(ct)
                        .add(
                                segment(1, "Muscle", AlgorithmType.AUTOMATIC, 1, 2, 3),
                                java.util.Arrays.asList(null, null, new byte[64], null))
                        .write(INSTANCE))
                .isInstanceOf(SegmentationException.class)
                .hasMessageContaining("empty");
    }

    static void assertSameMasks(Map<Integer, List<byte[]>> actual, Map<Integer, List<byte[]>> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (var e : expected.entrySet()) {
            List<byte[]> a = actual.get(e.getKey());
            for (int f = 0; f < e.getValue().size(); f++) {
                byte[] want = e.getValue().get(f);
                byte[] got = a.get(f);
                if (want == null || !nonZero(want)) {
                    assertThat(got).as("segment %d frame %d", e.getKey(), f).isNull();
                } else {
                    byte[] norm = want.clone();
                    for (int p = 0; p < norm.length; p++) {
                        norm[p] = (byte) (norm[p] != 0 ? 1 : 0);
                    }
                    assertThat(got).as("segment %d frame %d", e.getKey(), f).isEqualTo(norm);
                }
            }
        }
    }

    static boolean nonZero(byte[] m) {
        for (byte b : m) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }
}
