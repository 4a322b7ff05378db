package io.radflow.labeling.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link GrabCutTool} on ground-glass lesions of synthetic chest CTs: a rectangle around the lesion
 * (its bounding box plus 5 px) in the lung window (level −600, width 1500).
 */
class GrabCutToolTest {
    static final double LUNG_LOW = -1350;
    static final double LUNG_HIGH = 150;

    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aRectangleAroundALesionSegmentsIt(long seed) throws Exception {
        ToolCases.LesionCase c = ToolCases.lesion(seed, dir);
        byte[] mask = GrabCutTool.apply(c.frame(), GrabCutTool.Params.of(c.box(), LUNG_LOW, LUNG_HIGH));
        double dice = ToolCases.dice(mask, c.lesion());
        System.out.printf(
                "grabcut seed %d slice %d lesion %d px box %s: Dice %.4f%n",
                seed, c.slice(), ToolCases.count(c.lesion()), c.box(), dice);
        assertThat(dice).isGreaterThanOrEqualTo(0.85);
        int columns = c.frame().columns();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0) {
                assertThat(c.box().contains(i / columns, i % columns))
                        .as("selected pixel %d inside the rectangle", i)
                        .isTrue();
            }
        }
    }

    @Test
    void backgroundScribblesRemoveAnotherObjectForegroundScribblesAddOutsideTheRectangle() {
        // noise −80 ± 20; disc of 60 HU (radius 18); a bar of 140 HU inside the rectangle, right of
        // the disc; a blob of 60 HU below the rectangle
        int n = 128;
        float[] v = new float[n * n];
        byte[] disc = new byte[n * n];
        byte[] bar = new byte[n * n];
        Random rnd = new Random(4);
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                int i = r * n + col;
                disc[i] = (byte) ((r - 50) * (r - 50) + (col - 50) * (col - 50) <= 18 * 18 ? 1 : 0);
                bar[i] = (byte) (r >= 35 && r < 65 && col >= 80 && col < 90 ? 1 : 0);
                boolean blob = (r - 110) * (r - 110) + (col - 50) * (col - 50) <= 8 * 8;
                v[i] = (float) ((disc[i] != 0 || blob ? 60 : bar[i] != 0 ? 140 : -80) + 20 * rnd.nextGaussian());
            }
        }
        HuFrame f = new HuFrame(v, n, n);
        GrabCutTool.Params p = GrabCutTool.Params.of(new Rect(25, 25, 72, 50), -200, 200);
        byte[] plain = GrabCutTool.apply(f, p);
        assertThat(overlap(plain, bar))
                .as("bar pixels selected without scribbles")
                .isGreaterThan(250);

        byte[] bg = new byte[n * n];
        for (int r = 40; r < 60; r++) {
            bg[r * n + 85] = 1;
        }
        byte[] fg = new byte[n * n];
        for (int col = 46; col < 55; col++) {
            fg[110 * n + col] = 1;
        }
        byte[] mask = GrabCutTool.apply(f, p.withScribbles(fg, bg));
        for (int i = 0; i < mask.length; i++) {
            if (bg[i] != 0) {
                assertThat(mask[i]).as("background-scribbled pixel %d", i).isZero();
            }
            if (fg[i] != 0) {
                assertThat(mask[i]).as("foreground-scribbled pixel %d", i).isEqualTo((byte) 1);
            }
        }
        assertThat(overlap(mask, bar))
                .as("bar pixels selected with a background scribble")
                .isLessThan(15);
        assertThat(overlap(mask, disc)).as("disc pixels selected").isGreaterThan(ToolCases.count(disc) * 95 / 100);
    }

    private static int overlap(byte[] a, byte[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            n += a[i] != 0 && b[i] != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void segmentsABrightDiscOnANoisyBackground() {
        int n = 128;
        float[] v = new float[n * n];
        byte[] disc = new byte[n * n];
        Random rnd = new Random(3);
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                boolean in = (r - 60) * (r - 60) + (col - 70) * (col - 70) <= 20 * 20;
                disc[r * n + col] = (byte) (in ? 1 : 0);
                v[r * n + col] = (float) ((in ? 60 : -80) + 20 * rnd.nextGaussian());
            }
        }
        HuFrame f = new HuFrame(v, n, n);
        byte[] mask = GrabCutTool.apply(f, GrabCutTool.Params.of(new Rect(45, 35, 51, 51), -200, 200));
        assertThat(ToolCases.dice(mask, disc)).isGreaterThan(0.95);
    }

    @Test
    void aLargeCropIsSegmentedAtReducedResolutionAndKeepsTheScribbles() {
        // 400 x 400 (the crop is the whole image: 160 000 pixels > MAX_PIXELS)
        int n = 400;
        float[] v = new float[n * n];
        byte[] ellipse = new byte[n * n];
        Random rnd = new Random(5);
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                double dy = (r - 200) / 120.0;
                double dx = (col - 190) / 150.0;
                boolean in = dx * dx + dy * dy <= 1;
                ellipse[r * n + col] = (byte) (in ? 1 : 0);
                v[r * n + col] = (float) ((in ? 60 : -80) + 20 * rnd.nextGaussian());
            }
        }
        HuFrame f = new HuFrame(v, n, n);
        GrabCutTool.Params p = GrabCutTool.Params.of(new Rect(30, 70, 320, 260), -200, 200);
        byte[] mask = GrabCutTool.apply(f, p);
        assertThat(ToolCases.dice(mask, ellipse)).isGreaterThan(0.97);

        byte[] bg = new byte[n * n];
        for (int col = 100; col < 280; col++) {
            bg[200 * n + col] = 1;
        }
        byte[] scribbled = GrabCutTool.apply(f, p.withScribbles(null, bg));
        for (int i = 0; i < bg.length; i++) {
            if (bg[i] != 0) {
                assertThat(scribbled[i]).as("background-scribbled pixel %d", i).isZero();
            }
        }
    }

    @Test
    void theSameInputGivesTheSameMask(@TempDir Path tmp) throws Exception {
        // a busy rectangle in the middle of a chest slice (lungs, mediastinum, spine): without a
        // seeded RNG, GrabCut's k-means start made repeated calls differ here
        ToolCases.LesionCase c = ToolCases.lesion(1, tmp);
        GrabCutTool.Params p = GrabCutTool.Params.of(new Rect(200, 200, 100, 100), LUNG_LOW, LUNG_HIGH);
        byte[] first = GrabCutTool.apply(c.frame(), p);
        for (int k = 0; k < 5; k++) {
            assertThat(GrabCutTool.apply(c.frame(), p)).isEqualTo(first);
        }
    }

    @Test
    void aRectangleAtTheImageEdgeIsCroppedToTheImage() {
        int n = 64;
        float[] v = new float[n * n];
        byte[] square = new byte[n * n];
        for (int r = 0; r < n; r++) {
            for (int col = 0; col < n; col++) {
                boolean in = r < 10 && col < 12;
                square[r * n + col] = (byte) (in ? 1 : 0);
                v[r * n + col] = in ? 100 : -100 + (r * 7 + col * 13) % 5;
            }
        }
        HuFrame f = new HuFrame(v, n, n);
        byte[] mask = GrabCutTool.apply(f, GrabCutTool.Params.of(new Rect(0, 0, 16, 14), -200, 200));
        assertThat(ToolCases.dice(mask, square)).isGreaterThan(0.95);
    }
}
