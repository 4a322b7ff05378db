package io.radflow.quantification.compute;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.Tissue;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The mid-L3 slice of a generated abdominal CT, read from its file, with the generator's exact label
 * map as masks (muscle = abdominal wall, psoas and paraspinal muscle; SAT; VAT).
 *
 * @param truth the study's ground truth
 * @param file the L3 slice's file
 * @param dataset its data set
 * @param slice its HU
 * @param labels the generator's label byte per pixel
 * @param masks the truth labels as masks
 */
public record L3Case(
        GroundTruth truth, Path file, Attributes dataset, AxialSlice slice, byte[] labels, TissueMasks masks) {

    /** Slices generated around mid-L3 (few: only the L3 slice is read). */
    public static final int SLICES = 6;

    /** Writes the abdominal CT of {@code seed} under {@code dir} and reads its L3 slice. */
    public static L3Case generate(long seed, Path dir) throws IOException {
        return generate(seed, dir, true);
    }

    /** As {@link #generate(long, Path)}, with PatientSize / PatientWeight present or not. */
    public static L3Case generate(long seed, Path dir, boolean sizeAndWeight) throws IOException {
        GroundTruth truth = TestStudies.abdominalCt(seed, SLICES)
                .withSizeAndWeight(sizeAndWeight)
                .writeTo(dir.resolve("study-" + seed + (sizeAndWeight ? "" : "-nsw")));
        int l3 = truth.primaryCt().l3SliceIndex();
        if (l3 < 0) {
            throw new IllegalStateException("seed " + seed + ": no L3 slice in the series");
        }
        Path file = truth.file(l3);
        Attributes ds;
        AxialSlice slice;
        try (DicomInputStream in = new DicomInputStream(file)) {
            ds = in.readDataset();
            slice = AxialSlice.of(ds, in.getTransferSyntax());
        }
        byte[] labels = truth.study().ctStudy().primary().labels(l3);
        return new L3Case(truth, file, ds, slice, labels, truthMasks(labels));
    }

    /** The truth's masks of a label map. */
    public static TissueMasks truthMasks(byte[] labels) {
        boolean[] muscle = new boolean[labels.length];
        boolean[] sat = new boolean[labels.length];
        boolean[] vat = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            Tissue t = Tissue.ofLabel(labels[i]);
            muscle[i] = t.isSkeletalMuscle();
            sat[i] = t == Tissue.SUBCUTANEOUS_FAT;
            vat[i] = t == Tissue.VISCERAL_FAT;
        }
        return new TissueMasks(muscle, sat, vat);
    }

    /** The truth's L3 slice. */
    public CtGroundTruth.SliceTruth sliceTruth() {
        return truth.primaryCt().l3Slice();
    }

    /** Truth area of {@code tissue} in cm² (intermuscular fat: 0, the phantom's muscles have none). */
    public double truthAreaCm2(BodyTissue tissue) {
        CtGroundTruth.SliceTruth s = sliceTruth();
        return switch (tissue) {
            case SKELETAL_MUSCLE -> s.skeletalMuscleAreaCm2();
            case SUBCUTANEOUS_FAT -> s.areaCm2(Tissue.SUBCUTANEOUS_FAT);
            case VISCERAL_FAT -> s.areaCm2(Tissue.VISCERAL_FAT);
            case INTERMUSCULAR_FAT -> 0;
        };
    }

    /** The generator's mean HU of {@code tissue}, weighted by each compartment's pixel count. */
    public double truthMeanHu(BodyTissue tissue) {
        CtGroundTruth.SliceTruth s = sliceTruth();
        double sum = 0;
        long n = 0;
        for (Tissue t : Tissue.values()) {
            boolean in =
                    switch (tissue) {
                        case SKELETAL_MUSCLE -> t.isSkeletalMuscle();
                        case SUBCUTANEOUS_FAT -> t == Tissue.SUBCUTANEOUS_FAT;
                        case VISCERAL_FAT -> t == Tissue.VISCERAL_FAT;
                        case INTERMUSCULAR_FAT -> false;
                    };
            if (in) {
                sum += (double) s.pixels(t) * t.meanHu;
                n += s.pixels(t);
            }
        }
        return sum / n;
    }
}
