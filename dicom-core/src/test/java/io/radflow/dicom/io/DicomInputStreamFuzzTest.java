package io.radflow.dicom.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Sequence;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of {@link DicomInputStream}: 12,000 inputs derived from valid seeds by
 * bit flips, byte and length-field overwrites, truncations, insertions and deletions. Every input
 * must either parse or end in a {@link DicomStreamException}; nothing else (no runtime exception,
 * no OutOfMemoryError under surefire's -Xmx256m, no StackOverflowError), and no input may take a
 * second of CPU time. Reproducible: the seed is fixed and failures name the input number.
 */
class DicomInputStreamFuzzTest {
    private static final int INPUTS = 12_000;
    /** CPU time of this thread: what an input costs, independent of the load on a shared machine. */
    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private static final long SEED = 20261121L;
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data");
    private static final int[] INTERESTING = {0, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0x10000, 8, 0xFFFF};

    @Test
    void mutatedInputsEndInDicomStreamExceptionOrParse() throws Exception {
        List<byte[]> seeds = seeds();
        for (byte[] seed : seeds) { // every seed is valid; this also loads the dictionaries before timing
            try (DicomInputStream dis = new DicomInputStream(new ByteArrayInputStream(seed))) {
                assertThat(dis.readDataset().toString()).isNotEmpty();
            }
        }
        Random rnd = new Random(SEED);
        List<String> failures = new ArrayList<>();
        long slowest = 0;
        int rejected = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
            int strategy = rnd.nextInt(8);
            byte[] input = mutate(seed, strategy, rnd);
            boolean knownLength = rnd.nextInt(10) < 7;
            long start = CPU.getCurrentThreadCpuTime();
            try (DicomInputStream dis =
                    new DicomInputStream(knownLength ? new ByteArrayInputStream(input) : opaque(input))) {
                Attributes ds = dis.readDataset();
                assertThat(ds.toString()).isNotNull(); // lazy decoding of every value must not throw either
            } catch (DicomStreamException e) {
                rejected++;
                assertThat(e.getMessage()).contains("offset");
            } catch (Throwable t) {
                failures.add("input " + i + " (strategy " + strategy + ", " + input.length + " bytes): " + t);
            }
            slowest = Math.max(slowest, CPU.getCurrentThreadCpuTime() - start);
        }
        System.out.printf(
                "fuzz: %d inputs, %d rejected with DicomStreamException, slowest %.1f ms CPU%n",
                INPUTS, rejected, slowest / 1e6);
        assertThat(failures).isEmpty();
        assertThat(rejected).isGreaterThan(INPUTS / 4);
        assertThat(slowest).as("CPU time of the slowest input in ns").isLessThan(1_000_000_000L);
    }

    private static InputStream opaque(byte[] b) {
        return new FilterInputStream(new ByteArrayInputStream(b)) {};
    }

    private static byte[] mutate(byte[] seed, int strategy, Random rnd) {
        byte[] b = seed.clone();
        switch (strategy) {
            case 0 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    int p = rnd.nextInt(b.length);
                    b[p] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b[rnd.nextInt(b.length)] = (byte) new int[] {0, 0xFF, 0x7F, 0x80}[rnd.nextInt(4)];
            case 2 -> b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            case 3, 4 -> {
                // length fields sit at even offsets; overwrite one 32-bit (or 16-bit) word
                int p = (rnd.nextInt(Math.max(1, b.length - 4)) & ~1);
                int v = INTERESTING[rnd.nextInt(INTERESTING.length)];
                if (rnd.nextBoolean()) {
                    v = rnd.nextInt();
                }
                int n = strategy == 3 ? 4 : 2;
                for (int k = 0; k < n && p + k < b.length; k++) {
                    b[p + k] = (byte) (v >>> (8 * k));
                }
            }
            case 5 -> {
                int from = rnd.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + rnd.nextInt(64));
                int at = rnd.nextInt(b.length);
                byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, at);
                System.arraycopy(b, from, c, at, len);
                System.arraycopy(b, at, c, at + len, b.length - at);
                b = c;
            }
            case 6 -> {
                int from = rnd.nextInt(b.length);
                int len = Math.min(b.length - from, 1 + rnd.nextInt(64));
                byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, from);
                System.arraycopy(b, from + len, c, from, b.length - from - len);
                b = c;
            }
            default -> {
                b = mutate(b, rnd.nextInt(7), rnd);
                if (b.length > 0) {
                    b = mutate(b, rnd.nextInt(7), rnd);
                }
            }
        }
        return b.length == 0 ? new byte[] {0} : b;
    }

    private static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        Attributes ds = synthetic();
        for (String ts :
                List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian, UID.DeflatedExplicitVRLittleEndian)) {
            seeds.add(write(ds, ts));
        }
        Attributes enc = synthetic();
        Fragments f = new Fragments(VR.OB, false, 3);
        f.add(new byte[] {0, 0, 0, 0});
        f.add(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, (byte) 0xFF, (byte) 0xD9});
        enc.setValue(Tag.PixelData, VR.OB, f);
        seeds.add(write(enc, UID.JPEGBaseline8Bit));
        for (String name : List.of(
                "test_files/CT_small.dcm",
                "test_files/MR_small_bigendian.dcm",
                "test_files/image_dfl.dcm",
                "test_files/rtplan.dcm",
                "test_files/UN_sequence.dcm",
                "test_files/nested_priv_SQ.dcm",
                "charset_files/chrKoreanMulti.dcm",
                "charset_files/chrSQEncoding.dcm")) {
            Path p = PYDICOM.resolve(name);
            if (Files.isRegularFile(p)) {
                seeds.add(Files.readAllBytes(p));
            }
        }
        return seeds;
    }

    private static Attributes synthetic() {
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 149");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5");
        ds.setString(Tag.PatientName, VR.PN, "Hong^Gildong=洪^吉洞=홍^길동");
        ds.setInt(Tag.Rows, VR.US, 4);
        ds.setInt(Tag.Columns, VR.US, 4);
        ds.setDouble(Tag.PixelSpacing, VR.DS, 0.75, 0.75);
        ds.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        Sequence s = ds.newSequence(Tag.ReferencedSeriesSequence, 2);
        for (int i = 0; i < 2; i++) {
            Attributes item = new Attributes();
            item.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.3." + i);
            item.newSequence(Tag.ReferencedInstanceSequence, 1)
                    .add(new Attributes().setString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4." + i));
            s.add(item);
        }
        ds.setBytes(Tag.PixelData, VR.OW, new byte[32]);
        return ds;
    }

    private static byte[] write(Attributes ds, String ts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DicomOutputStream dos = new DicomOutputStream(out, ts)) {
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
        }
        return out.toByteArray();
    }
}
