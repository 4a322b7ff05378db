package io.radflow.quantification.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.radflow.quantification.compute.BodyCompositionResult;
import io.radflow.quantification.compute.BodyTissue;
import io.radflow.quantification.compute.L3Case;
import io.radflow.quantification.compute.Results;
import io.radflow.quantification.compute.SliceMeasurer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PNG decoded: size, tissue colours over the abdomen window, a legend, the DEMO notice. */
class L3PictureTest {
    @TempDir
    static Path dir;

    static L3Case c;

    @BeforeAll
    static void generate() throws Exception {
        c = L3Case.generate(42, dir);
    }

    static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(img != null, "a PNG ImageIO decodes");
        return img;
    }

    @Test
    void sliceInTheAbdomenWindowWithTissuesTinted() throws Exception {
        BodyCompositionResult res = Results.of(c, null);
        BufferedImage img = decode(L3Picture.png(c.slice(), c.masks(), res));
        assertEquals(c.slice().columns() + L3Picture.LEGEND_WIDTH, img.getWidth());
        assertEquals(Math.max(c.slice().rows(), L3Picture.MIN_HEIGHT), img.getHeight());
        byte[] map = new SliceMeasurer().classify(c.slice(), c.masks());
        int muscle = -1;
        int plain = -1;
        for (int i = 0; i < map.length && (muscle < 0 || plain < 0); i++) {
            if (muscle < 0 && map[i] == BodyTissue.SKELETAL_MUSCLE.ordinal() + 1) {
                muscle = i;
            }
            if (plain < 0 && map[i] == 0 && c.slice().hu()[i] > 0 && c.slice().hu()[i] < 100) {
                plain = i; // soft tissue outside the labels (an organ)
            }
        }
        int cols = c.slice().columns();
        int grey = grey(c.slice().hu()[muscle]);
        int rgb = img.getRGB(muscle % cols, muscle / cols) & 0xFFFFFF;
        int m = BodyTissue.SKELETAL_MUSCLE.rgb();
        assertEquals(blend(grey, m >> 16 & 0xFF), rgb >> 16 & 0xFF, 1, "red: 55 % grey + 45 % muscle colour");
        assertEquals(blend(grey, m >> 8 & 0xFF), rgb >> 8 & 0xFF, 1, "green");
        assertEquals(blend(grey, m & 0xFF), rgb & 0xFF, 1, "blue");
        int p = img.getRGB(plain % cols, plain / cols) & 0xFFFFFF;
        int g = grey(c.slice().hu()[plain]);
        assertEquals(g << 16 | g << 8 | g, p, "unlabelled soft tissue in the abdomen window, untinted");
        assertTrue(legendPixels(img, 0, img.getHeight()) > 2000, "the legend is not blank");
        assertEquals(0, demoRedPixels(img), "no DEMO notice for a non-demo result");
    }

    @Test
    void demoResultsSayDemo() throws Exception {
        BodyCompositionResult res = Results.of(c, "DEMO model trained on synthetic phantoms; not for clinical use");
        byte[] png = L3Picture.png(c.slice(), c.masks(), res);
        // kept for a look: target/l3-picture-demo.png
        java.nio.file.Files.write(Path.of("target/l3-picture-demo.png"), png);
        BufferedImage img = decode(png);
        assertTrue(demoRedPixels(img) > 100, "red DEMO notice under the legend's title");
    }

    static int grey(float hu) {
        double v = (hu - (40 - 200)) * 255 / 400.0;
        return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
    }

    static int blend(int grey, int colour) {
        return (int) ((1 - L3Picture.ALPHA) * grey + 0.5) + (int) Math.round(L3Picture.ALPHA * colour);
    }

    /** Pixels of the legend panel that differ from its background. */
    static int legendPixels(BufferedImage img, int y0, int y1) {
        int bg = img.getRGB(img.getWidth() - 2, img.getHeight() - 2);
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = c.slice().columns(); x < img.getWidth(); x++) {
                n += img.getRGB(x, y) != bg ? 1 : 0;
            }
        }
        return n;
    }

    /** Strongly red pixels in the band below the legend's title, where the DEMO notice goes. */
    static int demoRedPixels(BufferedImage img) {
        int n = 0;
        for (int y = 34; y < 56; y++) {
            for (int x = c.slice().columns(); x < img.getWidth(); x++) {
                int v = img.getRGB(x, y);
                int r = v >> 16 & 0xFF;
                int g = v >> 8 & 0xFF;
                int b = v & 0xFF;
                n += r > 150 && r > g + 60 && r > b + 60 ? 1 : 0;
            }
        }
        return n;
    }
}
