package io.radflow.labeling.testing;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.image.PixelDataTranscoder;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.testing.Peers;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.StudyKind;
import io.radflow.teststudies.SyntheticStudy;
import io.radflow.teststudies.compress.CompressedCopies;
import io.radflow.teststudies.compress.Compression;
import io.radflow.teststudies.iod.NameStyle;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The test studies, generated once per build under {@code target/test-data} and indexed with
 * {@link IndexFixture}: a CT (Korean name in ISO 2022 IR 149), copies of it as separate studies in
 * RLE and JPEG Lossless (dcmtk), JPEG-LS (dcmtk) and JPEG 2000 Lossless (dicom-core), a chest
 * radiograph (Korean name in UTF-8), and pydicom's character set files.
 */
public final class TestData {
    public static final int CT_SLICES = 12;
    private static final Path DIR = Path.of("target/test-data").toAbsolutePath();
    private static final Path PYDICOM_CHARSETS = Path.of("/usr/lib/python3/dist-packages/pydicom/data/charset_files");

    private static GroundTruth ct;
    private static GroundTruth dx;
    private static final List<Path> compressed = new ArrayList<>();

    private TestData() {}

    /** The CT (native, Explicit VR Little Endian). */
    public static synchronized GroundTruth ct() {
        load();
        return ct;
    }

    /** A 300-slice abdominal CT (for the viewer test), indexed on first use. */
    public static synchronized GroundTruth ct300() {
        load();
        if (ct300 == null) {
            ct300 = SyntheticStudy.of(StudyKind.ABDOMINAL_CT, 300300)
                    .withSlices(300)
                    .withNames(NameStyle.ASCII)
                    .writeTo(DIR.resolve("ct300"));
            IndexFixture.index(ct300.dir());
        }
        return ct300;
    }

    private static GroundTruth ct300;

    /** Number of instances of the CT study (all its series). */
    public static int ctInstances() {
        return ct().series().stream().mapToInt(s -> s.files().size()).sum();
    }

    /** The radiograph. */
    public static synchronized GroundTruth dx() {
        load();
        return dx;
    }

    /** The folder of the CT copy in {@code ts} (a separate study). */
    public static Path copyDir(String ts) {
        return DIR.resolve("copies").resolve(ts);
    }

    private static void load() {
        if (ct != null) {
            return;
        }
        ct = SyntheticStudy.of(StudyKind.ABDOMINAL_CT, 4242)
                .withSlices(CT_SLICES)
                .withNames(NameStyle.KOREAN_ISO_2022)
                .writeTo(DIR.resolve("ct"));
        dx = SyntheticStudy.of(StudyKind.CHEST_DX_PA, 77)
                .withNames(NameStyle.KOREAN_UTF8)
                .writeTo(DIR.resolve("dx"));
        IndexFixture.index(ct.dir());
        IndexFixture.index(dx.dir());
        try {
            copy(UID.JPEG2000Lossless, null);
            if (onPath("dcmcrle") && onPath("dcmcjpeg") && onPath("dcmcjpls")) {
                copy(UID.RLELossless, Compression.RLE);
                copy(UID.JPEGLosslessSV1, Compression.JPEG_LOSSLESS);
                copy(UID.JPEGLSLossless, Compression.JPEG_LS_LOSSLESS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String f : List.of("chrKoreanMulti.dcm", "chrGerm.dcm", "chrFren.dcm", "chrH31.dcm")) {
            Path p = PYDICOM_CHARSETS.resolve(f);
            if (Files.isRegularFile(p)) {
                IndexFixture.index(p);
            }
        }
    }

    /** The dcmtk copies (RLE, JPEG Lossless, JPEG-LS): skips without dcmtk, fails in CI (dicom-core's Peers). */
    public static void requireDcmtkCopies() {
        Peers.require("dcmcrle", "dcmtk");
        Peers.require("dcmcjpeg", "dcmtk");
        Peers.require("dcmcjpls", "dcmtk");
        load();
    }

    /** Writes the CT as a new study (new UIDs) in {@code ts}, indexed. */
    private static void copy(String ts, Compression dcmtk) throws IOException {
        Path dir = copyDir(ts);
        Path stamp = dir.resolve("source.sha256");
        String source = IndexFixture.sha256(ct.file(0));
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(source)) {
            Files.createDirectories(dir);
            Path tmp = Files.createTempDirectory(DIR, "native");
            for (int i = 0; i < CT_SLICES; i++) {
                Attributes ds;
                String stored;
                try (DicomInputStream in = new DicomInputStream(ct.file(i))) {
                    in.readFileMetaInformation();
                    ds = in.readDataset();
                    stored = in.getTransferSyntax();
                }
                for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID}) {
                    ds.setString(tag, VR.UI, derivedUid(ds.getString(tag), ts));
                }
                ds.setString(Tag.StudyDescription, VR.LO, ds.getString(Tag.StudyDescription) + " " + ts);
                Path out = dir.resolve(i + ".dcm");
                if (dcmtk == null) {
                    write(PixelDataTranscoder.transcode(ds, stored, ts), ts, out);
                } else {
                    Path nat = tmp.resolve(i + ".dcm");
                    write(ds, stored, nat);
                    CompressedCopies.compress(nat, out, dcmtk);
                }
            }
            Files.writeString(stamp, source);
        }
        IndexFixture.index(dir);
    }

    private static void write(Attributes ds, String ts, Path out) throws IOException {
        try (OutputStream os = Files.newOutputStream(out)) {
            DicomOutputStream dos = new DicomOutputStream(os, ts);
            dos.writeDataset(DicomOutputStream.createFileMetaInformation(ds, ts), ds);
            dos.flush();
        }
    }

    /** A UUID-derived UID (2.25.…) for {@code uid} in copy {@code ts}. */
    static String derivedUid(String uid, String ts) {
        UUID u = UUID.nameUUIDFromBytes((uid + "|" + ts).getBytes(StandardCharsets.UTF_8));
        BigInteger v = new BigInteger(1, toBytes(u));
        return "2.25." + v;
    }

    private static byte[] toBytes(UUID u) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (u.getMostSignificantBits() >>> (56 - 8 * i));
            b[8 + i] = (byte) (u.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return b;
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
