package io.radflow.dicom.json;

import static io.radflow.dicom.json.JSONRoundTripTest.read;
import static io.radflow.dicom.json.JSONRoundTripTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.BulkData;
import io.radflow.dicom.data.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BulkDataReferencesTest {

    @Test
    void resolvesStowBulkDataPartsByUri(@TempDir Path dir) throws IOException {
        Attributes ds = read("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00283006\":{\"vr\":\"OW\","
                + "\"BulkDataURI\":\"urn:part:lut\"}}]},"
                + "\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://elsewhere/doc\"},"
                + "\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"urn:part:pixels\"}}");
        assertThat(BulkDataReferences.uris(ds))
                .containsExactly("urn:part:lut", "http://elsewhere/doc", "urn:part:pixels");

        Path pixels = dir.resolve("pixels");
        Files.write(pixels, new byte[] {1, 0, 2, 0});
        Path lut = dir.resolve("lut");
        Files.write(lut, new byte[] {9, 0});
        Map<String, Path> parts = Map.of("urn:part:pixels", pixels, "urn:part:lut", lut);
        var unresolved = BulkDataReferences.resolve(ds, uri -> {
            Path p = parts.get(uri);
            return p == null ? null : BulkData.ofFile(p, 0, 4 - (p == lut ? 2 : 0), false);
        });
        assertThat(unresolved).containsExactly("http://elsewhere/doc");
        assertThat(ds.getBytes(Tag.PixelData)).containsExactly(1, 0, 2, 0);
        assertThat(ds.getNestedDataset(Tag.ReferencedImageSequence).getBytes(Tag.LUTData))
                .containsExactly(9, 0);
        assertThat(write(ds))
                .isEqualTo(
                        "{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00283006\":{\"vr\":\"OW\",\"InlineBinary\":\"CQA=\"}}]},"
                                + "\"00420011\":{\"vr\":\"OB\",\"BulkDataURI\":\"http://elsewhere/doc\"},"
                                + "\"7FE00010\":{\"vr\":\"OW\",\"InlineBinary\":\"AQACAA==\"}}");
    }
}
