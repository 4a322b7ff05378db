package io.radflow.dicom.sr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.iod.DerivedInstance;
import io.radflow.dicom.sr.MeasurementReport.Group;
import io.radflow.dicom.sr.MeasurementReport.PlanarRoi;
import io.radflow.dicom.sr.MeasurementReport.VolumetricRoi;
import io.radflow.dicom.testing.Peers;
import io.radflow.dicom.testing.SourceImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body-composition report with its tissues' L3 outlines: 1411 groups unchanged, one closed
 * POLYLINE group (TID 1410, OHIF's PlanarFreehandROI) per tissue with pixels, outlining its largest
 * region, whose polygon area matches the region's pixel area; valid for dciodvfy.
 */
class BodyCompositionReportTest {
    static final int ROWS = 256;
    static final int COLUMNS = 240;
    static final double SPACING = 0.7;

    @TempDir
    Path tmp;

    /** Muscle: an irregular blob with noise holes and a smaller blob apart; SAT: a ring; VAT: a blob. */
    static byte[][] masks() {
        byte[] muscle = new byte[ROWS * COLUMNS];
        byte[] sat = new byte[ROWS * COLUMNS];
        byte[] vat = new byte[ROWS * COLUMNS];
        Random rnd = new Random(7);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLUMNS; c++) {
                double x = (c - 120.0) / 100;
                double y = (r - 128.0) / 110;
                double e = x * x + y * y;
                if (e <= 1 && e > 0.7) {
                    sat[r * COLUMNS + c] = 1;
                }
                // muscle: a wavy lobe at the back, a few single-pixel gaps (noise), and a small psoas apart
                double mx = (c - 120.0) / 45;
                double my = (r - 175.0) / (18 + 4 * Math.sin(c / 7.0));
                if (mx * mx + my * my <= 1 && rnd.nextDouble() > 0.02) {
                    muscle[r * COLUMNS + c] = 1;
                }
                double px = (c - 80.0) / 8;
                double py = (r - 130.0) / 10;
                if (px * px + py * py <= 1) {
                    muscle[r * COLUMNS + c] = 1;
                }
                double vx = (c - 130.0) / 35;
                double vy = (r - 110.0) / 25;
                if (vx * vx + vy * vy <= 1 && !(r == 110 && c == 130)) {
                    vat[r * COLUMNS + c] = 1;
                }
            }
        }
        return new byte[][] {muscle, sat, vat};
    }

    static Attributes l3() {
        return SourceImages.ctStack(1, ROWS, COLUMNS, 1).get(0);
    }

    static Attributes seg() {
        Attributes seg = new Attributes();
        seg.setString(Tag.SOPClassUID, VR.UI, UID.SegmentationStorage);
        seg.setString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.1455.9.1");
        seg.setString(Tag.StudyInstanceUID, VR.UI, SourceImages.STUDY);
        seg.setString(Tag.SeriesInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.1455.9");
        return seg;
    }

    static Attributes sr(byte[][] m) throws SrException {
        List<BodyCompositionReport.Tissue> tissues = List.of(
                new BodyCompositionReport.Tissue(Codes.SKELETAL_MUSCLE, "Skeletal muscle", 1, 151.23, 38.2, 12.1, m[0]),
                new BodyCompositionReport.Tissue(
                        Codes.SUBCUTANEOUS_ADIPOSE_TISSUE, "Subcutaneous fat", 2, 201.5, -95.0, 20.0, m[1]),
                new BodyCompositionReport.Tissue(
                        Codes.VISCERAL_ADIPOSE_TISSUE, "Visceral fat", 3, 90.0, -90.0, 18.0, m[2]),
                new BodyCompositionReport.Tissue(
                        Codes.INTERMUSCULAR_ADIPOSE_TISSUE,
                        "Intermuscular fat",
                        1,
                        0,
                        null,
                        null,
                        new byte[ROWS * COLUMNS]));
        return BodyCompositionReport.write(
                "measurement-1",
                tissues,
                new BodyCompositionReport.Indices(48.5, 24.2, 1.76, 75.0),
                new MeasurementReport.Algorithm("Radflow body composition", "1.0.0", List.of("thresholds: demo")),
                List.of("height: from the image's PatientSize"),
                l3(),
                seg(),
                new DerivedInstance(
                        null,
                        null,
                        9101,
                        "Radflow - Body composition at L3",
                        1,
                        "radflow 0.1.0",
                        "radflow-body-composition",
                        LocalDateTime.now()));
    }

    @Test
    void outlinesEachTissuesLargestRegionBesideTheSegmentGroups() throws Exception {
        byte[][] m = masks();
        Attributes sr = sr(m);
        MeasurementReport.Report report =
                MeasurementReport.parse(SrReader.read(SourceImages.read(SourceImages.part10(sr))));
        // 4 tissue groups (1411, unchanged), 3 outlines (intermuscular fat has no pixel), the indices
        assertThat(report.groups()).hasSize(8);
        assertThat(report.groups().subList(0, 4))
                .allSatisfy(g -> assertThat(g.roi()).isInstanceOf(VolumetricRoi.class));
        assertThat(report.groups().get(0).trackingId()).isEqualTo("Skeletal muscle at L3");
        assertThat(report.groups().get(0).measurements().get(0).value().doubleValue())
                .isEqualTo(151.23);
        List<Group> outlines = report.groups().subList(4, 7);
        assertThat(outlines)
                .extracting(Group::finding)
                .containsExactly(
                        Codes.SKELETAL_MUSCLE, Codes.SUBCUTANEOUS_ADIPOSE_TISSUE, Codes.VISCERAL_ADIPOSE_TISSUE);
        String l3Uid = l3().getString(Tag.SOPInstanceUID);
        for (int k = 0; k < 3; k++) {
            Group g = outlines.get(k);
            assertThat(g.trackingId()).isEqualTo(MeasurementReport.OHIF_TOOL_PREFIX + "PlanarFreehandROI");
            assertThat(g.findingSite()).isEqualTo(Codes.L3_VERTEBRA);
            assertThat(g.algorithm().parameters()).anySatisfy(p -> assertThat(p)
                    .startsWith("outline: largest connected region")
                    .contains("not the tissue's total"));
            PlanarRoi roi = (PlanarRoi) g.roi();
            assertThat(roi.graphicType()).isEqualTo("POLYLINE");
            assertThat(roi.image().sopInstanceUid()).isEqualTo(l3Uid);
            float[] d = roi.data();
            int n = d.length / 2;
            assertThat(n).isBetween(4, RegionOutline.MAX_POINTS);
            assertThat(d[0]).as("closed").isEqualTo(d[d.length - 2]);
            assertThat(d[1]).as("closed").isEqualTo(d[d.length - 1]);
            for (int i = 0; i < n; i++) {
                assertThat(d[2 * i]).isBetween(0f, (float) COLUMNS);
                assertThat(d[2 * i + 1]).isBetween(0f, (float) ROWS);
            }
            // the largest region's pixels (own flood fill), its area on the NUM; the polygon's within 3 % (it runs
            // within a
            // pixel of the pixel edges), or 5 % for the muscle, whose 2 % single-pixel noise holes it fills
            long region = largestRegionPixels(m[k]);
            double regionCm2 = region * SPACING * SPACING / 100;
            assertThat(g.measurements()).singleElement().satisfies(x -> {
                assertThat(x.concept()).isEqualTo(Codes.AREA);
                assertThat(x.unit()).isEqualTo(Codes.UCUM_SQUARE_CENTIMETER);
                assertThat(x.value().doubleValue()).isCloseTo(regionCm2, within(0.006));
            });
            double polygonCm2 = Math.abs(RegionOutline.signedArea(d)) * SPACING * SPACING / 100;
            assertThat(polygonCm2)
                    .as("%s: polygon %.2f cm² vs region %.2f cm²", g.finding().meaning(), polygonCm2, regionCm2)
                    .isCloseTo(regionCm2, within((k == 0 ? 0.05 : 0.03) * regionCm2));
        }
        // the muscle's small blob apart is not the largest region; the SAT ring keeps its hole
        assertThat(largestRegionPixels(m[0])).isLessThan(count(m[0]));
        double ringOuter = Math.PI * 100 * 110;
        assertThat(Math.abs(
                        RegionOutline.signedArea(((PlanarRoi) outlines.get(1).roi()).data())))
                .isLessThan(0.5 * ringOuter);
        assertThat(report.groups().get(7).trackingId()).isEqualTo("Body composition indices");
    }

    @Test
    void outlinesAloneForOhif() throws Exception {
        Attributes sr = sr(masks());
        Attributes alone = BodyCompositionReport.outlines(
                sr,
                l3(),
                new DerivedInstance(null, null, 9102, "Radflow - Body composition outlines", 1, "s", "m", null));
        MeasurementReport.Report all = MeasurementReport.parse(SrReader.read(sr));
        MeasurementReport.Report only = MeasurementReport.parse(SrReader.read(alone));
        assertThat(only.groups()).hasSize(3).allSatisfy(g -> assertThat(g.roi()).isInstanceOf(PlanarRoi.class));
        assertThat(only.groups()).isEqualTo(all.groups().subList(4, 7));
        Path file = tmp.resolve("outlines-sr.dcm");
        Files.write(file, SourceImages.part10(alone));
        Peers.Result r =
                Peers.run(List.of(Peers.require("dciodvfy", "dicom3tools").toString(), "-new", file.toString()));
        assertThat(r.output().lines().filter(l -> l.startsWith("Error") || l.startsWith("Warning")))
                .as(r.output())
                .allSatisfy(l -> assertThat(l).endsWith("Unrecognized defined term = <99RADFLOW>"));
    }

    @Test
    void rectangleOutlineRunsAlongThePixelEdges() throws Exception {
        byte[] mask = new byte[20 * 30];
        for (int r = 5; r < 15; r++) {
            for (int c = 3; c < 23; c++) {
                mask[r * 30 + c] = 1;
            }
        }
        RegionOutline o = RegionOutline.largestRegion(mask, 20, 30).orElseThrow();
        assertThat(o.polygonAreaPixels()).isEqualTo(200.0);
        assertThat(o.regionPixels()).isEqualTo(200);
        assertThat(o.points()).isEqualTo(5);
        float[] d = o.polyline();
        for (int i = 0; i < d.length; i += 2) {
            assertThat(d[i]).isIn(3f, 23f);
            assertThat(d[i + 1]).isIn(5f, 15f);
        }
        assertThat(RegionOutline.largestRegion(new byte[600], 20, 30)).isEmpty();
        assertThatThrownBy(() -> RegionOutline.largestRegion(new byte[599], 20, 30))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void l3PixelsMustFitTheImage() {
        assertThatThrownBy(() -> BodyCompositionReport.write(
                        "m",
                        List.of(new BodyCompositionReport.Tissue(
                                Codes.SKELETAL_MUSCLE, "Skeletal muscle", 1, 1, null, null, new byte[10])),
                        new BodyCompositionReport.Indices(null, null, null, null),
                        new MeasurementReport.Algorithm("a", "1", List.of()),
                        List.of(),
                        l3(),
                        seg(),
                        new DerivedInstance(null, null, 1, "x", 1, "s", "m", null)))
                .isInstanceOf(SrException.class)
                .hasMessageContaining("10 L3 pixels for a 256 x 240 image");
    }

    @Test
    void dciodvfyFindsOnlyThePrivateSchemeWarning() throws Exception {
        String dciodvfy = Peers.require("dciodvfy", "dicom3tools").toString();
        Path file = tmp.resolve("body-sr.dcm");
        Files.write(file, SourceImages.part10(sr(masks())));
        Peers.Result r = Peers.run(List.of(dciodvfy, "-new", file.toString()));
        assertThat(r.output()).contains("ComprehensiveSR");
        assertThat(r.output().lines().filter(l -> l.startsWith("Error") || l.startsWith("Warning")))
                .as(r.output())
                .allSatisfy(l -> assertThat(l)
                        .startsWith("Warning")
                        .endsWith("CodingSchemeDesignator(0008,0102)[1]> - Unrecognized defined term = <99RADFLOW>"));
    }

    private static long count(byte[] mask) {
        long n = 0;
        for (byte b : mask) {
            n += b != 0 ? 1 : 0;
        }
        return n;
    }

    /** Pixels of the largest 8-connected region, by a plain flood fill (independent of OpenCV). */
    static long largestRegionPixels(byte[] mask) {
        boolean[] seen = new boolean[mask.length];
        long best = 0;
        int[] stack = new int[mask.length];
        for (int s = 0; s < mask.length; s++) {
            if (mask[s] == 0 || seen[s]) {
                continue;
            }
            long n = 0;
            int top = 0;
            stack[top++] = s;
            seen[s] = true;
            while (top > 0) {
                int p = stack[--top];
                n++;
                int r = p / COLUMNS;
                int c = p % COLUMNS;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < ROWS && cc >= 0 && cc < COLUMNS) {
                            int q = rr * COLUMNS + cc;
                            if (mask[q] != 0 && !seen[q]) {
                                seen[q] = true;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            best = Math.max(best, n);
        }
        return best;
    }
}
