package io.radflow.dicom.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.testing.Peers;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code frame} subcommand against dcmtk's {@code dcmj2pnm} on pydicom's test files. */
class FrameCommandInteropTest {
    private static final Path DATA = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");

    private static int frame(String... args) {
        List<String> all = new ArrayList<>(List.of("frame"));
        all.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        return RadflowDicom.run(
                all.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    }

    @Test
    void ctWindowMatchesDcmj2pnmWithinRounding(@TempDir Path tmp) throws Exception {
        Path dcmj2pnm = Peers.require("dcmj2pnm", "dcmtk");
        Path ours = tmp.resolve("ours.png");
        Path theirs = tmp.resolve("dcmtk.png");
        assertThat(frame("--window", "40,400", DATA.resolve("CT_small.dcm").toString(), ours.toString()))
                .isZero();
        Process p = new ProcessBuilder(
                        dcmj2pnm.toString(),
                        "--write-png",
                        "+Ww",
                        "40",
                        "400",
                        DATA.resolve("CT_small.dcm").toString(),
                        theirs.toString())
                .redirectErrorStream(true)
                .start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        Raster a = ImageIO.read(ours.toFile()).getRaster();
        Raster b = ImageIO.read(theirs.toFile()).getRaster();
        assertThat(a.getWidth()).isEqualTo(128);
        int max = 0;
        for (int y = 0; y < 128; y++) {
            for (int x = 0; x < 128; x++) {
                max = Math.max(max, Math.abs(a.getSample(x, y, 0) - b.getSample(x, y, 0)));
            }
        }
        assertThat(max).as("largest grey difference to dcmj2pnm").isLessThanOrEqualTo(1);
    }

    @Test
    void selectsFramesScalesToViewportAndRejectsBadArguments(@TempDir Path tmp) throws Exception {
        Peers.requirePydicom(); // the test files come with python3-pydicom
        Path rgb = DATA.resolve("SC_rgb_rle_2frame.dcm");
        Path f2 = tmp.resolve("f2.png");
        assertThat(frame("--frame", "2", rgb.toString(), f2.toString())).isZero();
        BufferedImage img = ImageIO.read(f2.toFile());
        assertThat(img.getWidth()).isEqualTo(100);
        assertThat(img.getRaster().getNumBands()).isEqualTo(3);
        Path small = tmp.resolve("small.jpg");
        assertThat(frame(
                        "--preset",
                        "lung",
                        "--viewport",
                        "50,40",
                        "--enhance",
                        "clahe",
                        DATA.resolve("CT_small.dcm").toString(),
                        small.toString()))
                .isZero();
        BufferedImage s = ImageIO.read(small.toFile());
        assertThat(s.getWidth()).isEqualTo(40);
        assertThat(s.getHeight()).isEqualTo(40);
        assertThat(frame("--frame", "3", rgb.toString(), f2.toString())).isEqualTo(2);
        assertThat(frame("--window", "40", rgb.toString(), f2.toString())).isEqualTo(2);
        assertThat(frame(rgb.toString())).isEqualTo(2);
    }
}
