package io.radflow.quantification.bench;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.quantification.compute.Anthropometrics;
import io.radflow.quantification.compute.AxialSlice;
import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.L3Case;
import io.radflow.quantification.compute.Results;
import io.radflow.quantification.compute.SliceMeasurement;
import io.radflow.quantification.compute.SliceMeasurer;
import io.radflow.quantification.compute.Thresholds;
import io.radflow.quantification.compute.TissueMasks;
import io.radflow.quantification.export.BodyCompositionXlsx;
import io.radflow.quantification.render.L3Picture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Quantification benchmark (docs/benchmarks.md, "Quantification"): one study with its masks in
 * memory → measurement, result, XLSX and PNG (cold: the first in this JVM; warm: median), a cohort
 * XLSX of N studies, and the slice measurement alone and reading the slice, for the numpy peer that
 * {@code bin/quantification-benchmark} runs on the same slice and masks.
 *
 * <p>Arguments: work folder, rounds (default 50), cohort size (default 1000), seed (default 42).
 * Writes {@code l3.path} (the L3 slice's file) and {@code masks.bin} (muscle, SAT, VAT as one byte a
 * pixel, row by row) into the work folder. Prints {@code key=value} lines.
 */
public final class QuantificationBenchmark {
    private QuantificationBenchmark() {}

    /** Something timed: runs once. */
    @FunctionalInterface
    interface Task {
        Object run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int cohort = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;
        L3Case c = L3Case.generate(seed, work);
        writeForPeer(c, work);
        AxialSlice slice = c.slice();
        TissueMasks masks = c.masks();
        Attributes ds = c.dataset();

        Task oneStudy = () -> allOutputs(ds, slice, masks);
        double cold = once(oneStudy);
        double[] warm = sorted(oneStudy, rounds);
        print("radflow one_study_cold_ms", cold);
        print("radflow one_study_warm_ms", at(warm, 0.5));
        print("radflow one_study_warm_p90_ms", at(warm, 0.9));

        SliceMeasurer measurer = new SliceMeasurer();
        var muscle = measurer.measure(slice, masks).tissue(BodyTissue.SKELETAL_MUSCLE);
        System.out.printf(
                Locale.ROOT, "radflow muscle_area_cm2=%.4f muscle_mean_hu=%.4f%n", muscle.areaCm2(), muscle.meanHu());
        print("radflow measure_warm_ms", median(() -> measurer.measure(slice, masks), rounds * 4));
        print("radflow read_slice_warm_ms", median(() -> read(c.file()), rounds));
        BodyCompositionResult one = Results.of(c, null);
        print("radflow xlsx_study_warm_ms", median(() -> xlsxStudy(one), rounds));
        print("radflow png_warm_ms", median(() -> L3Picture.png(slice, masks, one), rounds));

        List<BodyCompositionResult> many = new ArrayList<>(cohort);
        for (int i = 0; i < cohort; i++) {
            many.add(Results.synthetic(i, 90 + i % 80, 1.5 + (i % 40) / 100.0, i % 10 == 0 ? null : 55.0 + i % 50));
        }
        Task cohortXlsx = () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            BodyCompositionXlsx.cohort(many, out);
            return out.size();
        };
        print("radflow cohort_studies", cohort);
        print("radflow cohort_xlsx_cold_ms", once(cohortXlsx));
        print("radflow cohort_xlsx_warm_ms", median(cohortXlsx, 5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyCompositionXlsx.cohort(many, out);
        print("radflow cohort_xlsx_bytes", out.size());
        System.out.println("radflow java=" + Runtime.version() + " cores="
                + Runtime.getRuntime().availableProcessors());
    }

    /** Masks in memory → values, result, XLSX and PNG. */
    static Object allOutputs(Attributes ds, AxialSlice slice, TissueMasks masks) throws IOException {
        SliceMeasurement m = new SliceMeasurer(Thresholds.ALBERTA).measure(slice, masks);
        BodyCompositionResult r = BodyCompositionResult.of(
                ds.getString(Tag.StudyInstanceUID),
                BodyCompositionResult.L3Slice.of(ds, BodyCompositionResult.L3Source.MODEL),
                m,
                Anthropometrics.fromTags(ds),
                ds.getString(Tag.PatientSex),
                Thresholds.ALBERTA,
                new BodyCompositionResult.LabelSource(BodyCompositionResult.LabelKind.SEG, "2.25.1", "benchmark"),
                null);
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream(16 * 1024);
        BodyCompositionXlsx.study(r, xlsx);
        byte[] png = L3Picture.png(slice, masks, r);
        return xlsx.size() + png.length;
    }

    static Object xlsxStudy(BodyCompositionResult r) throws IOException {
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream(16 * 1024);
        BodyCompositionXlsx.study(r, xlsx);
        return xlsx.size();
    }

    static AxialSlice read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            return AxialSlice.of(in.readDataset(), in.getTransferSyntax());
        }
    }

    static void writeForPeer(L3Case c, Path work) throws IOException {
        int n = c.slice().hu().length;
        byte[] b = new byte[3 * n];
        TissueMasks m = c.masks();
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (m.muscle()[i] ? 1 : 0);
            b[n + i] = (byte) (m.subcutaneousFat()[i] ? 1 : 0);
            b[2 * n + i] = (byte) (m.visceralFat()[i] ? 1 : 0);
        }
        Files.write(work.resolve("masks.bin"), b);
        Files.writeString(work.resolve("l3.path"), c.file().toAbsolutePath().toString());
    }

    static double once(Task t) throws Exception {
        long t0 = System.nanoTime();
        t.run();
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(Task t, int rounds) throws Exception {
        return at(sorted(t, rounds), 0.5);
    }

    /** Milliseconds of {@code rounds} runs, sorted. */
    static double[] sorted(Task t, int rounds) throws Exception {
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ms[i] = once(t);
        }
        Arrays.sort(ms);
        return ms;
    }

    static double at(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }

    static void print(String key, double v) {
        int sp = key.indexOf(' ');
        System.out.println(key.substring(0, sp) + " " + key.substring(sp + 1) + "="
                + String.format(Locale.ROOT, v == Math.rint(v) && v > 100 ? "%.0f" : "%.3f", v));
    }
}
