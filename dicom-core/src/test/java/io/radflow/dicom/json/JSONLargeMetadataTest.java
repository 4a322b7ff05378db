package io.radflow.dicom.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS series metadata: a JSON array of many instances is written and read one data set at a
 * time; a child JVM with a 32 MiB heap streams 20,000 instances (about 100 MB of JSON) through
 * writer and reader, which only works if neither builds the whole document.
 */
class JSONLargeMetadataTest {
    static final String SERIES = "1.2.826.0.1.3680043.10.1234.2";

    @Test
    void seriesMetadataOf300Instances() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSONWriter.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 1; i <= 300; i++) {
                String url = "http://localhost:8080/dicomweb/studies/1.2/series/" + SERIES + "/instances/" + sop(i);
                new JSONWriter(g)
                        .bulkDataURIPolicy(BulkDataURIPolicy.aboveThreshold(url + "/bulk", 1024))
                        .write(ctInstance(i));
            }
            g.writeEndArray();
        }
        AtomicInteger n = new AtomicInteger();
        int count = new JSONReader(new ByteArrayInputStream(out.toByteArray())).readDatasets(ds -> {
            int i = n.incrementAndGet();
            assertThat(ds.getString(Tag.SOPInstanceUID)).isEqualTo(sop(i));
            assertThat(ds.getInt(Tag.InstanceNumber, 0)).isEqualTo(i);
            assertThat(ds.getString(Tag.PatientName)).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
            assertThat(((BulkData) ds.getValue(Tag.PixelData)).uri().toString())
                    .endsWith("/instances/" + sop(i) + "/bulk/7FE00010");
            assertThat(ds.getDoubles(Tag.ImagePositionPatient)).containsExactly(-180.0, -200.0, -0.75 * i);
        });
        assertThat(count).isEqualTo(300);
        System.out.println("JSONLargeMetadataTest: 300 instances, " + out.size() / 1024 + " KiB of JSON");
    }

    @Test
    void streamsTwentyThousandInstancesUnderSmallHeap() throws Exception {
        ChildJvm.Result r = ChildJvm.run(Check.class, List.of("-Xmx32m", "-XX:+UseSerialGC"), "20000");
        assertThat(r.output()).contains("OK instances=20000 ");
        assertThat(r.exitCode()).as(r.output()).isZero();
        System.out.println("JSONLargeMetadataTest: " + r.output().strip());
    }

    /** Runs in the child JVM: writer thread → pipe → reader. */
    public static final class Check {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream pipe = new PipedOutputStream(in);
            long[] bytes = new long[1];
            Thread writer = new Thread(() -> {
                try (CountingStream counting = new CountingStream(pipe)) {
                    JSONWriter.writeArray(
                            counting,
                            IntStream.rangeClosed(1, n)
                                    .mapToObj(JSONLargeMetadataTest::ctInstance)
                                    .iterator(),
                            BulkDataURIPolicy.aboveThreshold("http://h/bulk", 1024));
                    bytes[0] = counting.count;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long t0 = System.nanoTime();
            writer.start();
            AtomicInteger seen = new AtomicInteger();
            int count = new JSONReader(in).readDatasets(ds -> {
                int i = seen.incrementAndGet();
                if (ds.getInt(Tag.InstanceNumber, 0) != i || !sop(i).equals(ds.getString(Tag.SOPInstanceUID))) {
                    System.out.println("FAIL instance " + i);
                    System.exit(1);
                }
            });
            writer.join();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "OK instances=%d json=%d MB maxHeap=%d MiB %.0f instances/s (write + read)%n",
                    count, bytes[0] >> 20, Runtime.getRuntime().maxMemory() >> 20, count / s);
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }

    static String sop(int i) {
        return SERIES + "." + i;
    }

    /** The header of one CT slice as stored by ingest (about 5 KB of JSON). */
    static Attributes ctInstance(int i) {
        Attributes a = new Attributes(96);
        a.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        a.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
        a.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        a.setString(Tag.SOPInstanceUID, VR.UI, sop(i));
        a.setString(Tag.StudyDate, VR.DA, "20261121");
        a.setString(Tag.StudyTime, VR.TM, "101500");
        a.setString(Tag.AccessionNumber, VR.SH, "ACC-0001");
        a.setString(Tag.Modality, VR.CS, "CT");
        a.setString(Tag.Manufacturer, VR.LO, "Radflow Synthetic");
        a.setString(Tag.ReferringPhysicianName, VR.PN, "Kim^Minsu=金^民秀=김^민수");
        a.setString(Tag.StudyDescription, VR.LO, "CT ABDOMEN WITH CONTRAST");
        a.setString(Tag.SeriesDescription, VR.LO, "AXIAL 0.75 SOFT TISSUE");
        Attributes code = new Attributes();
        code.setString(Tag.CodeValue, VR.SH, "T-D4000");
        code.setString(Tag.CodingSchemeDesignator, VR.SH, "SRT");
        code.setString(Tag.CodeMeaning, VR.LO, "Abdomen");
        a.newSequence(Tag.AnatomicRegionSequence, 1).add(code);
        a.setString(Tag.PatientName, VR.PN, "Hong^Gildong=洪^吉洞=홍^길동");
        a.setString(Tag.PatientID, VR.LO, "RF-000123");
        a.setString(Tag.PatientBirthDate, VR.DA, "19700101");
        a.setString(Tag.PatientSex, VR.CS, "M");
        a.setString(Tag.PatientAge, VR.AS, "056Y");
        a.setDouble(Tag.PatientSize, VR.DS, 1.72);
        a.setDouble(Tag.PatientWeight, VR.DS, 71.5);
        a.setString(Tag.BodyPartExamined, VR.CS, "ABDOMEN");
        a.setDouble(Tag.SliceThickness, VR.DS, 0.75);
        a.setDouble(Tag.KVP, VR.DS, 120);
        a.setString(Tag.StudyInstanceUID, VR.UI, "1.2.826.0.1.3680043.10.1234.1");
        a.setString(Tag.SeriesInstanceUID, VR.UI, SERIES);
        a.setInt(Tag.SeriesNumber, VR.IS, 2);
        a.setInt(Tag.InstanceNumber, VR.IS, i);
        a.setDouble(Tag.ImagePositionPatient, VR.DS, -180, -200, -0.75 * i);
        a.setDouble(Tag.ImageOrientationPatient, VR.DS, 1, 0, 0, 0, 1, 0);
        a.setString(Tag.FrameOfReferenceUID, VR.UI, "1.2.826.0.1.3680043.10.1234.3");
        a.setDouble(Tag.SliceLocation, VR.DS, -0.75 * i);
        a.setInt(Tag.SamplesPerPixel, VR.US, 1);
        a.setString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2");
        a.setInt(Tag.Rows, VR.US, 512);
        a.setInt(Tag.Columns, VR.US, 512);
        a.setDouble(Tag.PixelSpacing, VR.DS, 0.74, 0.74);
        a.setInt(Tag.BitsAllocated, VR.US, 16);
        a.setInt(Tag.BitsStored, VR.US, 16);
        a.setInt(Tag.HighBit, VR.US, 15);
        a.setInt(Tag.PixelRepresentation, VR.US, 1);
        a.setDouble(Tag.WindowCenter, VR.DS, 40, 400);
        a.setDouble(Tag.WindowWidth, VR.DS, 400, 1500);
        a.setDouble(Tag.RescaleIntercept, VR.DS, -1024);
        a.setDouble(Tag.RescaleSlope, VR.DS, 1);
        a.setString(Tag.RescaleType, VR.LO, "HU");
        a.setValue(Tag.PixelData, VR.OW, BulkData.ofFile(Path.of("/archive/" + sop(i) + ".dcm"), 1200, 524288, false));
        return a;
    }
}
