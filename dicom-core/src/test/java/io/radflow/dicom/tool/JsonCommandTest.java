package io.radflow.dicom.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomOutputStream;
import io.radflow.dicom.json.JSONReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonCommandTest {

    @Test
    void printsTheDataSetAsDicomJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ct.dcm");
        Attributes ds = new Attributes();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        ds.setString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage);
        ds.setString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4");
        ds.setString(Tag.PatientName, VR.PN, "Hong^Gildong=洪^吉洞=홍^길동");
        ds.setInt(Tag.Rows, VR.US, 2);
        ds.setInt(Tag.Columns, VR.US, 2);
        ds.setBytes(Tag.PixelData, VR.OW, new byte[2048]);
        try (OutputStream os = Files.newOutputStream(file);
                DicomOutputStream dos = new DicomOutputStream(os, UID.ExplicitVRLittleEndian)) {
            dos.writeDataset(
                    DicomOutputStream.createFileMetaInformation(
                            "1.2.3.4", UID.CTImageStorage, UID.ExplicitVRLittleEndian),
                    ds);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = RadflowDicom.run(
                new String[] {"json", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String json = out.toString(StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Hong^Gildong\","
                        + "\"Ideographic\":\"洪^吉洞\",\"Phonetic\":\"홍^길동\"}]}")
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AAAA");
        Attributes back = new JSONReader(new ByteArrayInputStream(out.toByteArray())).readDataset();
        assertThat(back.getString(Tag.SOPInstanceUID)).isEqualTo("1.2.3.4");
        assertThat(back.getBytes(Tag.PixelData)).hasSize(2048);

        out.reset();
        rc = RadflowDicom.run(
                new String[] {"json", "--bulk-data", "http://h/bulk", file.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(rc).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"http://h/bulk/7FE00010\"}");
    }

    @Test
    void usageErrors() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = RadflowDicom.run(
                new String[] {"json"}, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true));
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("expected one FILE").contains("usage: radflow-dicom json");
    }
}
