package io.radflow.dicom.seg;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomStreamException;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrException;
import io.radflow.dicom.sr.SrReader;
import io.radflow.dicom.sr.SrWriter;
import io.radflow.dicom.testing.FuzzHarness;
import io.radflow.dicom.testing.Mutator;
import io.radflow.dicom.testing.SourceImages;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the SEG and SR readers, 5,000 mutated Part 10 files each: every input
 * is parsed and read or ends in the toolkit's own exceptions ({@link DicomStreamException}, {@link
 * SegmentationException}, {@link SrException}); nothing else, no input over a second of CPU or
 * 64 MiB of allocation.
 */
class ResultObjectsFuzzTest {
    private static final int INPUTS = 5_000;
    private static final List<String> TOKENS =
            List.of("\u00ff\u00ff\u00ff\u00ff", "\u0000\u0000\u0000\u0000", "SQ", "UN", "OB", "DS", "CS", "FL", "UL");

    @Test
    void segmentationReaderThrowsOnlyToolkitExceptions() throws Exception {
        List<Attributes> ct = SourceImages.ctStack(3, 10, 10, 3);
        SegmentationWriter w = new SegmentationWriter(ct);
        w.add(
                SegmentationRoundTripTest.segment(1, "Muscle", AlgorithmType.AUTOMATIC, 1, 2, 3),
                SegmentationRoundTripTest.masks(3, 100, 5));
        w.add(
                SegmentationRoundTripTest.segment(2, "SAT", AlgorithmType.MANUAL, 4, 5, 6),
                SegmentationRoundTripTest.masks(3, 100, 6));
        byte[] seed = SourceImages.part10(w.write(SegmentationRoundTripTest.INSTANCE));
        var sources = SourceFrame.of(ct);
        FuzzHarness harness = run(
                seed,
                0x5E6L,
                input -> SegmentationReader.read(SourceImages.read(input)).masksFor(sources),
                SegmentationException.class);
        assertThat(harness.failures()).as(harness.summary()).isEmpty();
    }

    @Test
    void srReaderThrowsOnlyToolkitExceptions() throws Exception {
        Attributes dx = SourceImages.radiograph(64, 64);
        Attributes ct = SourceImages.ctStack(1, 8, 8, 1).get(0);
        String segUid = UID.createUID();
        byte[] seed = SourceImages.part10(SrWriter.write(
                MeasurementReport.build(io.radflow.dicom.sr.SrRoundTripTestAccess.report(dx, ct, segUid)),
                dx,
                io.radflow.dicom.sr.SrRoundTripTestAccess.INSTANCE,
                io.radflow.dicom.sr.SrRoundTripTestAccess.evidence(dx, ct, segUid)));
        FuzzHarness harness = run(
                seed,
                0x5A1L,
                input -> {
                    var tree = SrReader.read(SourceImages.read(input));
                    if (Codes.IMAGING_MEASUREMENT_REPORT.equals(tree.concept())) {
                        MeasurementReport.parse(tree);
                    }
                },
                SrException.class);
        assertThat(harness.failures()).as(harness.summary()).isEmpty();
    }

    private static FuzzHarness run(byte[] seed, long rndSeed, FuzzHarness.Target target, Class<?> readerException)
            throws Exception {
        target.accept(seed); // the seed itself reads
        Mutator mutator = new Mutator(rndSeed, TOKENS);
        FuzzHarness harness = new FuzzHarness(64L << 20, DicomStreamException.class, readerException);
        for (int i = 0; i < INPUTS; i++) {
            harness.run(i, mutator.mutate(seed), target);
        }
        System.out.println(harness.summary());
        return harness;
    }
}
