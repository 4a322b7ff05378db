package io.radflow.teststudies;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.teststudies.ct.CtGroundTruth;
import io.radflow.teststudies.ct.CtSeries;
import io.radflow.teststudies.dx.ViewPosition;
import io.radflow.teststudies.iod.NameStyle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyWriterTest {
    @TempDir
    Path tmp;

    static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            in.readFileMetaInformation();
            return in.readDataset();
        }
    }

    @Test
    void ctFilesCarryTheGroundTruthGeometryPixelsAndLabels() throws IOException {
        SyntheticStudy study = TestStudies.abdominalCt(42, 20);
        GroundTruth truth = study.writeTo(tmp);
        CtSeries series = study.ctStudy().primary();
        CtGroundTruth ct = truth.primaryCt();
        assertThat(truth.series()).hasSize(2);
        assertThat(truth.series().get(1).files()).hasSize(10);
        assertThat(Files.readString(tmp.resolve("ground-truth.json")))
                .contains("\"l3SopInstanceUID\": \"" + ct.l3Slice().sopInstanceUid() + "\"");
        List<Double> zInFileNameOrder = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("series-1"))) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".dcm")).sorted().toList()) {
                zInFileNameOrder.add(read(f).getDoubles(Tag.ImagePositionPatient)[2]);
            }
        }
        assertThat(zInFileNameOrder)
                .hasSize(20)
                .isNotEqualTo(zInFileNameOrder.stream().sorted().toList());
        assertThat(zInFileNameOrder)
                .isNotEqualTo(zInFileNameOrder.stream()
                        .sorted((a, b) -> Double.compare(b, a))
                        .toList());
        for (int i = 0; i < 20; i++) {
            Attributes ds = read(truth.file(i));
            assertThat(ds.getString(Tag.SOPClassUID)).isEqualTo(UID.CTImageStorage);
            assertThat(ds.getString(Tag.SOPInstanceUID))
                    .isEqualTo(ct.slices().get(i).sopInstanceUid());
            assertThat(ds.getString(Tag.StudyInstanceUID))
                    .isEqualTo(truth.info().studyInstanceUid());
            assertThat(ds.getInt(Tag.InstanceNumber, 0)).isEqualTo(i + 1);
            double[] ipp = ds.getDoubles(Tag.ImagePositionPatient);
            assertThat(ipp)
                    .containsExactly(
                            series.geometry().x0(),
                            series.geometry().y0(),
                            ct.slices().get(i).z());
            assertThat(ds.getDoubles(Tag.ImageOrientationPatient)).containsExactly(1, 0, 0, 0, 1, 0);
            assertThat(ds.getDouble(Tag.PixelSpacing, 0))
                    .isEqualTo(series.geometry().pixelSpacing());
            assertThat(ds.getDouble(Tag.RescaleIntercept, 0)).isEqualTo(-1024);
            byte[] labels = series.labels(i);
            short[] expected = series.storedValues(i, labels);
            short[] actual = new short[expected.length];
            ByteBuffer.wrap(ds.getBytes(Tag.PixelData))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer()
                    .get(actual);
            assertThat(actual).isEqualTo(expected);
            BufferedImage png = ImageIO.read(
                    tmp.resolve(truth.series().get(0).labelMaps().get(i)).toFile());
            assertThat(((DataBufferByte) png.getRaster().getDataBuffer()).getData())
                    .isEqualTo(labels);
        }
    }

    @Test
    void sameSeedWritesTheSameBytes() throws IOException {
        for (SyntheticStudy s :
                List.of(TestStudies.chestCt(9, 6, 1), TestStudies.chestRadiograph(9, ViewPosition.AP, 1))) {
            Path a = tmp.resolve("a-" + s.kind());
            Path b = tmp.resolve("b-" + s.kind());
            GroundTruth ta = s.writeTo(a);
            s.writeTo(b);
            for (GroundTruth.SeriesTruth series : ta.series()) {
                for (String f : series.files()) {
                    assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
                }
            }
            assertThat(Files.readString(b.resolve("ground-truth.json")))
                    .isEqualTo(Files.readString(a.resolve("ground-truth.json")));
        }
    }

    @Test
    void patientAttributesFollowTheOptions() throws IOException {
        GroundTruth korean = TestStudies.chestRadiograph(2, ViewPosition.PA, 0)
                .withNames(NameStyle.KOREAN_ISO_2022)
                .writeTo(tmp.resolve("k"));
        Attributes ds = read(korean.file(0));
        assertThat(ds.getStrings(Tag.SpecificCharacterSet)).containsExactly("", "ISO 2022 IR 149");
        assertThat(ds.getString(Tag.PatientName))
                .isEqualTo(korean.patient().name())
                .contains("=");
        assertThat(ds.getDouble(Tag.PatientSize, 0)).isBetween(1.4, 2.0);
        assertThat(ds.getDouble(Tag.PatientWeight, 0)).isBetween(35.0, 120.0);
        assertThat(ds.getString(Tag.ViewPosition)).isEqualTo("PA");
        assertThat(ds.getString(Tag.PresentationIntentType)).isEqualTo("FOR PRESENTATION");
        assertThat(ds.getInt(Tag.BitsStored, 0)).isEqualTo(12);
        GroundTruth plain = TestStudies.chestRadiograph(2, ViewPosition.PA, 0)
                .withNames(NameStyle.ASCII)
                .withSizeAndWeight(false)
                .writeTo(tmp.resolve("p"));
        Attributes p = read(plain.file(0));
        assertThat(p.contains(Tag.SpecificCharacterSet)).isFalse();
        assertThat(p.contains(Tag.PatientSize)).isFalse();
        assertThat(p.contains(Tag.PatientWeight)).isFalse();
        assertThat(p.getString(Tag.SOPInstanceUID)).isNotEqualTo(ds.getString(Tag.SOPInstanceUID));
    }
}
