package io.radflow.dicom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Fragments;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.TransferSyntax;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.io.Transcoder;
import io.radflow.dicom.testing.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decoded pixels compared with pydicom (Debian's python3-pydicom, Pillow for JPEG/J2K) on
 * pydicom's own test files, and with dcmtk's JPEG and RLE codecs in both directions. Lossless
 * syntaxes must match exactly; lossy ones within 1 per sample.
 */
class PixelInteropTest {
    private static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    /** Files pydicom decodes: native, RLE, JPEG baseline, JPEG 2000. */
    private static final List<String> PYDICOM_DECODES = List.of(
            "CT_small.dcm",
            "MR_small.dcm",
            "MR_small_RLE.dcm",
            "MR_small_bigendian.dcm",
            "MR_small_expb.dcm",
            "MR_small_implicit.dcm",
            "MR_small_padded.dcm",
            "MR_small_jp2klossless.dcm",
            "693_J2KI.dcm",
            "J2K_pixelrep_mismatch.dcm",
            "JPEG2000.dcm",
            "ExplVR_BigEnd.dcm",
            "image_dfl.dcm",
            "liver_1frame.dcm",
            "liver_expb_1frame.dcm",
            "rtdose.dcm",
            "rtdose_expb.dcm",
            "rtdose_rle.dcm",
            "rtdose_rle_1frame.dcm",
            "SC_rgb_rle.dcm",
            "SC_rgb_rle_2frame.dcm",
            "SC_rgb_rle_16bit.dcm",
            "SC_rgb_rle_16bit_2frame.dcm",
            "SC_rgb_rle_32bit.dcm",
            "SC_rgb_rle_32bit_2frame.dcm",
            "SC_rgb_small_odd.dcm",
            "SC_rgb_small_odd_jpeg.dcm",
            "SC_ybr_full_422_uncompressed.dcm",
            "SC_rgb_gdcm_KY.dcm",
            "SC_rgb_jpeg_dcmtk.dcm",
            "SC_rgb_jpeg_lossy_gdcm.dcm",
            "SC_rgb_jpeg_app14_dcmd.dcm",
            "SC_rgb_jpeg.dcm",
            "SC_jpeg_no_color_transform.dcm",
            "SC_jpeg_no_color_transform_2.dcm",
            "SC_rgb_dcmtk_+eb+cr.dcm",
            "SC_rgb_dcmtk_+eb+cy+n1.dcm",
            "SC_rgb_dcmtk_+eb+cy+n2.dcm",
            "SC_rgb_dcmtk_+eb+cy+np.dcm",
            "SC_rgb_dcmtk_+eb+cy+s2.dcm",
            "SC_rgb_dcmtk_+eb+cy+s4.dcm");

    record Decoded(String transferSyntax, long[] samples) {}

    static Decoded decode(Path file) throws IOException {
        Attributes ds;
        String ts;
        try (DicomInputStream dis = new DicomInputStream(file)) {
            dis.setBulkDataMode(DicomInputStream.BulkDataMode.PIXEL_DATA);
            dis.readFileMetaInformation();
            ds = dis.readDataset();
            ts = dis.getTransferSyntax();
        }
        PixelData pd = PixelData.of(ds, ts);
        List<long[]> frames = new ArrayList<>();
        int total = 0;
        for (int f = 0; f < pd.frames(); f++) {
            PixelRaster r = pd.raster(f);
            long[] v = new long[r.samples().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.unsigned(i);
            }
            frames.add(v);
            total += v.length;
        }
        long[] all = new long[total];
        int o = 0;
        for (long[] v : frames) {
            System.arraycopy(v, 0, all, o, v.length);
            o += v.length;
        }
        return new Decoded(ts, all);
    }

    /** Runs pixel_dump.py; returns the directory holding NAME.i64 for each file pydicom decoded. */
    static Path pydicomDump(Path tmp, List<Path> files) throws Exception {
        String python = Peers.requirePydicom();
        Path script = tmp.resolve("pixel_dump.py");
        try (InputStream in = PixelInteropTest.class.getResourceAsStream("pixel_dump.py")) {
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), tmp.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(output).isZero();
        return tmp;
    }

    static long[] pydicomPixels(Path dir, String name) throws IOException {
        Path f = dir.resolve(name + ".i64");
        assertThat(f).as("pydicom decoded %s", name).exists();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        long[] v = new long[b.remaining() / 8];
        b.asLongBuffer().get(v);
        return v;
    }

    /** Asserts equality (lossless) or at most 1 difference per sample (lossy); returns max diff. */
    static long compare(String what, long[] ours, long[] theirs, boolean lossy) {
        assertThat(ours.length).as("%s sample count", what).isEqualTo(theirs.length);
        long max = 0;
        int first = -1;
        for (int i = 0; i < ours.length; i++) {
            long d = Math.abs(ours[i] - theirs[i]);
            if (d > 0 && first < 0) {
                first = i;
            }
            max = Math.max(max, d);
        }
        String detail = first < 0 ? "" : " first at " + first + ": " + ours[first] + " vs " + theirs[first];
        assertThat(max).as("%s max difference%s", what, detail).isLessThanOrEqualTo(lossy ? 1 : 0);
        return max;
    }

    @Test
    void decodesPydicomTestFilesLikePydicom(@TempDir Path tmp) throws Exception {
        List<Path> files = PYDICOM_DECODES.stream().map(DATA::resolve).toList();
        Path dump = pydicomDump(tmp, files);
        for (Path f : files) {
            Decoded ours = decode(f);
            boolean lossy = TransferSyntax.of(ours.transferSyntax()).lossy();
            compare(
                    f.getFileName().toString(),
                    ours.samples(),
                    pydicomPixels(dump, f.getFileName().toString()),
                    lossy);
        }
    }

    @Test
    void decodesDcmtkCompressedCopiesExactly(@TempDir Path tmp) throws Exception {
        Path dcmcjpeg = Peers.require("dcmcjpeg", "dcmtk");
        Path dcmcrle = Peers.require("dcmcrle", "dcmtk");
        for (String name : List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm", "rtdose_1frame.dcm")) {
            Path src = DATA.resolve(name);
            long[] original = decode(src).samples();
            String[][] tools = {
                {dcmcjpeg.toString(), "+e1"}, {dcmcjpeg.toString(), "+el"}, {dcmcrle.toString()},
            };
            for (String[] tool : tools) {
                if (name.startsWith("rtdose") && tool.length == 2) {
                    continue; // JPEG has no 32-bit samples
                }
                Path copy = tmp.resolve(name + "." + tool.length + (tool.length > 1 ? tool[1] : "") + ".dcm");
                run(tool, src, copy);
                Decoded d = decode(copy);
                assertThat(TransferSyntax.of(d.transferSyntax()).encapsulated()).isTrue();
                compare(name + " via " + String.join(" ", tool), d.samples(), original, false);
            }
        }
        // gdcm's lossless RGB JPEG that pydicom cannot decode: compare with dcmdjpeg's output
        Path dcmdjpeg = Peers.require("dcmdjpeg", "dcmtk");
        Path plain = tmp.resolve("gdcm-native.dcm");
        run(new String[] {dcmdjpeg.toString()}, DATA.resolve("SC_rgb_jpeg_gdcm.dcm"), plain);
        compare(
                "SC_rgb_jpeg_gdcm.dcm",
                decode(DATA.resolve("SC_rgb_jpeg_gdcm.dcm")).samples(),
                decode(plain).samples(),
                false);
    }

    @Test
    void peersDecodeWhatRadflowCompresses(@TempDir Path tmp) throws Exception {
        Path dcmdrle = Peers.require("dcmdrle", "dcmtk");
        List<Path> forPydicom = new ArrayList<>();
        for (String name : List.of("CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm", "rtdose.dcm")) {
            Path src = DATA.resolve(name);
            long[] original = decode(src).samples();
            Path rle = tmp.resolve(name + ".rle.dcm");
            Transcoder.transcode(src, rle, UID.RLELossless);
            assertThat(decode(rle).transferSyntax()).isEqualTo(UID.RLELossless);
            Path back = tmp.resolve(name + ".dcmdrle.dcm");
            run(new String[] {dcmdrle.toString()}, rle, back);
            compare(name + " RLE by Radflow, decoded by dcmdrle", decode(back).samples(), original, false);
            forPydicom.add(rle);
            if (!name.startsWith("rtdose")) {
                Path j2k = tmp.resolve(name + ".j2k.dcm");
                Transcoder.transcode(src, j2k, UID.JPEG2000Lossless);
                compare(name + " J2K round trip", decode(j2k).samples(), original, false);
                forPydicom.add(j2k);
            }
        }
        Path dump = Files.createDirectory(tmp.resolve("dump"));
        pydicomDump(dump, forPydicom);
        for (Path f : forPydicom) {
            String name = f.getFileName().toString();
            String src = name.substring(0, name.indexOf(".dcm") + 4);
            compare(
                    name + " decoded by pydicom",
                    pydicomPixels(dump, name),
                    decode(DATA.resolve(src)).samples(),
                    false);
        }
        // native output of Radflow's decompression is read by pydicom too
        Path nat = tmp.resolve("MR_small_RLE.native.dcm");
        Transcoder.transcode(DATA.resolve("MR_small_RLE.dcm"), nat, UID.ExplicitVRLittleEndian);
        Path dump2 = Files.createDirectory(tmp.resolve("dump2"));
        pydicomDump(dump2, List.of(nat));
        compare(
                "decompressed RLE",
                pydicomPixels(dump2, nat.getFileName().toString()),
                decode(nat).samples(),
                false);
    }

    @Test
    void refusesJpegLsAndTwelveBitLossyJpegClearly() throws Exception {
        assertThatThrownBy(() -> decode(DATA.resolve("MR_small_jpeg_ls_lossless.dcm")))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageContaining(UID.JPEGLSLossless);
        assertThatThrownBy(() -> decode(DATA.resolve("JPGExtended.dcm")))
                .isInstanceOf(UnsupportedTransferSyntaxException.class)
                .hasMessageContaining("12-bit lossy JPEG");
        // stored frames are still served as they are
        Attributes ds;
        try (DicomInputStream dis = new DicomInputStream(DATA.resolve("MR_small_jpeg_ls_lossless.dcm"))) {
            dis.readFileMetaInformation();
            ds = dis.readDataset();
        }
        PixelData pd = PixelData.of(ds, UID.JPEGLSLossless);
        assertThat(pd.storedFrame(0)).isEqualTo(((Fragments) ds.getValue(Tag.PixelData)).bytes(1));
    }

    private static void run(String[] tool, Path in, Path out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.add(in.toString());
        cmd.add(out.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + output).isZero();
    }
}
