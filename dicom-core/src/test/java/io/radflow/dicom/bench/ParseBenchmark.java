package io.radflow.dicom.bench;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Parses 300 CT files (512×512 int16, about 100 header elements, Explicit VR LE) header-only and
 * fully with Radflow and with pydicom's {@code dcmread} (one Python process, same files, page
 * cache warm for both) and prints the times and ratios. Not a test: run it as documented in
 * {@code docs/benchmarks.md}.
 *
 * <p>usage: ParseBenchmark [DIR] — DIR (default /tmp/radflow-bench-ct) is filled with 300
 * generated files if it has none.
 */
public final class ParseBenchmark {
    private static final int FILES = 300;
    private static final String PYTHON = "/usr/bin/python3";
    private static final String PYDICOM_SCRIPT =
            """
            import sys, time, glob, pydicom
            files = sorted(glob.glob(sys.argv[1] + '/*.dcm'))
            def run(mode):
                w, c = time.perf_counter(), time.process_time()
                n = 0
                for f in files:
                    if mode == 'deferred':
                        ds = pydicom.dcmread(f, defer_size='64 KB')
                    else:
                        ds = pydicom.dcmread(f, stop_before_pixels=(mode == 'header'))
                    n += len(ds)
                return time.perf_counter() - w, time.process_time() - c
            for mode in ('header', 'full', 'deferred'):
                run(mode)  # warm-up pass
                runs = [run(mode) for _ in range(5)]
                print(mode, min(r[0] for r in runs), sum(r[1] for r in runs) / len(runs))
            """;

    private ParseBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/radflow-bench-ct");
        List<Path> files = ensureFiles(dir);
        double[] javaHeader = best(files, Mode.HEADER);
        double[] javaFull = best(files, Mode.FULL);
        double[] javaDeferred = best(files, Mode.DEFERRED);
        double[][] py = pydicom(dir);
        System.out.printf(
                Locale.ROOT,
                "files: %d CT 512x512 int16 in %s (wall: best of 5 passes; CPU: mean of 5)%n",
                files.size(),
                dir);
        print("header-only", javaHeader, py[0]);
        print("full", javaFull, py[1]);
        print("deferred", javaDeferred, py[2]);
    }

    private static void print(String what, double[] radflow, double[] pydicom) {
        System.out.printf(
                Locale.ROOT,
                "%-12s wall: Radflow %.1f ms, pydicom %.1f ms, ratio %.1fx | process CPU: Radflow %.1f ms, pydicom %.1f ms, ratio %.1fx%n",
                what,
                radflow[0] * 1e3,
                pydicom[0] * 1e3,
                pydicom[0] / radflow[0],
                radflow[1] * 1e3,
                pydicom[1] * 1e3,
                pydicom[1] / radflow[1]);
    }

    /** Best wall seconds and mean process CPU seconds of 5 timed passes after 5 warm-up passes (JIT). */
    /** Header only; every value in memory; pixel data left in the file (BulkData / defer_size). */
    private enum Mode {
        HEADER,
        FULL,
        DEFERRED
    }

    private static double[] best(List<Path> files, Mode mode) throws Exception {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < 5; i++) {
            pass(files, mode);
        }
        double[] best = {Double.MAX_VALUE, 0};
        long c = os.getProcessCpuTime();
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            pass(files, mode);
            best[0] = Math.min(best[0], (System.nanoTime() - t) / 1e9);
        }
        best[1] = (os.getProcessCpuTime() - c) / 5e9; // CPU clock ticks are coarse: mean of the 5 passes
        return best;
    }

    private static long pass(List<Path> files, Mode mode) throws Exception {
        long n = 0;
        for (Path f : files) {
            try (DicomInputStream dis = new DicomInputStream(f)) {
                if (mode == Mode.DEFERRED) {
                    dis.setBulkDataMode(DicomInputStream.BulkDataMode.LARGE_VALUES);
                }
                Attributes ds = mode == Mode.HEADER ? dis.readDatasetUntilPixelData() : dis.readDataset();
                n += ds.size();
            }
        }
        return n;
    }

    private static double[][] pydicom(Path dir) throws Exception {
        Process p = new ProcessBuilder(PYTHON, "-c", PYDICOM_SCRIPT, dir.toString())
                .redirectErrorStream(true)
                .start();
        double[][] out = new double[3][];
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                int k = List.of("header", "full", "deferred").indexOf(f[0]);
                if (k >= 0) {
                    out[k] = new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])};
                } else {
                    System.err.println(line);
                }
            }
        }
        if (p.waitFor() != 0 || out[0] == null || out[1] == null || out[2] == null) {
            throw new IllegalStateException("pydicom benchmark failed");
        }
        return out;
    }

    private static List<Path> ensureFiles(Path dir) throws Exception {
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> existing =
                    s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
            if (existing.size() >= FILES) {
                return existing.subList(0, FILES);
            }
        }
        Random rnd = new Random(42);
        String study = UID.createUID();
        String series = UID.createUID();
        byte[] pixels = new byte[512 * 512 * 2];
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            rnd.nextBytes(pixels);
            Attributes ds = ct(study, series, i, pixels);
            Path f = dir.resolve(String.format(Locale.ROOT, "ct%04d.dcm", i));
            try (OutputStream out = Files.newOutputStream(f);
                    DicomOutputStream dos = new DicomOutputStream(out, UID.ExplicitVRLittleEndian)) {
                dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, UID.ExplicitVRLittleEndian), ds);
            }
            files.add(f);
        }
        return files;
    }

    private static Attributes ct(String study, String series, int i, byte[] pixels) {
        Attributes ds = new Attributes(128);
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, UID.createUID());
        ds.setString(Tag.StudyDate, VR.DA, "20260115");
        ds.setString(Tag.StudyTime, VR.TM, "101500");
        ds.setString(Tag.AccessionNumber, VR.SH, "A" + (100000 + i));
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.Manufacturer, VR.LO, "Radflow Synthetic");
        ds.setString(Tag.InstitutionName, VR.LO, "서울 병원");
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "Kim^Minjun");
        ds.setString(Tag.StudyDescription, VR.LO, "CT ABDOMEN");
        ds.setString(Tag.SeriesDescription, VR.LO, "AXIAL 0.75");
        ds.setString(Tag.PatientName, VR.PN, "Hong^Gildong=洪^吉洞=홍^길동");
        ds.setString(Tag.PatientID, VR.LO, "P0001");
        ds.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        ds.setString(Tag.PatientSex, VR.CS, "M");
        ds.setDouble(Tag.PatientSize, VR.DS, 1.72);
        ds.setDouble(Tag.PatientWeight, VR.DS, 71.5);
        ds.setDouble(Tag.SliceThickness, VR.DS, 0.75);
        ds.setDouble(Tag.KVP, VR.DS, 120);
        ds.setString(Tag.ProtocolName, VR.LO, "ABDOMEN PORTAL");
        ds.setDouble(Tag.ReconstructionDiameter, VR.DS, 380);
        ds.setString(Tag.ConvolutionKernel, VR.SH, "B30f");
        ds.setString(Tag.PatientPosition, VR.CS, "FFS");
        ds.setString(Tag.StudyInstanceUID, VR.UI, study);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series);
        ds.setInt(Tag.SeriesNumber, VR.IS, 2);
        ds.setInt(Tag.InstanceNumber, VR.IS, i + 1);
        ds.setDouble(Tag.ImagePositionPatient, VR.DS, -190.0, -190.0, -100.0 + 0.75 * i);
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        ds.setString(Tag.FrameOfReferenceUID, VR.UI, study + ".1");
        ds.setDouble(Tag.SliceLocation, VR.DS, -100.0 + 0.75 * i);
        ds.setInt(Tag.SamplesPerPixel, VR.US, 1);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        ds.setInt(Tag.Rows, VR.US, 512);
        ds.setInt(Tag.Columns, VR.US, 512);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.742188, 0.742188);
        ds.setInt(Tag.BitsAllocated, VR.US, 16);
        ds.setInt(Tag.BitsStored, VR.US, 16);
        ds.setInt(Tag.HighBit, VR.US, 15);
        ds.setInt(Tag.PixelRepresentation, VR.US, 1);
        ds.setDouble(Tag.WindowCenter, VR.DS, 40);
        ds.setDouble(Tag.WindowWidth, VR.DS, 400);
        ds.setDouble(Tag.RescaleIntercept, VR.DS, -1024);
        ds.setDouble(Tag.RescaleSlope, VR.DS, 1);
        Sequence codes = ds.newSequence(Tag.ProcedureCodeSequence, 1);
        codes.add(new Attributes()
                .setString(Tag.CodeValue, VR.SH, "CTABD")
                .setString(Tag.CodingSchemeDesignator, VR.SH, "RADFLOW")
                .setString(Tag.CodeMeaning, VR.LO, "CT abdomen with contrast"));
        for (int k = 0; k < 50; k++) { // private vendor elements, as real CT headers have
            ds.setString(0x00190010, VR.LO, "RADFLOW SYNTHETIC");
            ds.setDouble(0x00191000 + k, VR.DS, k * 1.5);
        }
        ds.setBytes(Tag.PixelData, VR.OW, pixels);
        return ds;
    }
}
