package io.radflow.dicom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.data.VR;
import io.radflow.dicom.io.DicomInputStream;
import io.radflow.dicom.net.ApplicationEntity;
import io.radflow.dicom.net.Connection;
import io.radflow.dicom.net.StoreSCU;
import io.radflow.dicom.testing.OrthancPeer;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.ct.CtGroundTruth.SliceTruth;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DICOMweb client against a real Orthanc with its DICOMweb plugin as source and target: a
 * synthetic chest CT (files in shuffled order) sent by C-STORE comes back by WADO-RS equal to the
 * files, the series loads in position order, a SEG and an SR stored by STOW-RS land in Orthanc (and
 * again, as duplicates, without an error), an unknown series is a non-retryable 404, and a stopped
 * Orthanc a retryable failure.
 */
class DicomWebClientInteropTest {
    @TempDir
    static Path tmp;

    static OrthancPeer orthanc;
    static GroundTruth chest;
    static String study;
    static String series;
    static Map<String, Attributes> files = new LinkedHashMap<>();
    static DicomWebClient client;

    @BeforeAll
    static void start() throws Exception {
        chest = TestStudies.chestCt(18, 8, 1).writeTo(tmp.resolve("chest"));
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < chest.series().get(0).files().size(); i++) {
            paths.add(chest.file(i));
            Attributes ds = read(chest.file(i));
            files.put(ds.getString(Tag.SOPInstanceUID), ds);
        }
        Attributes first = files.values().iterator().next();
        study = first.getString(Tag.StudyInstanceUID);
        series = first.getString(Tag.SeriesInstanceUID);
        orthanc = OrthancPeer.start(tmp.resolve("orthanc"));
        StoreSCU scu = new StoreSCU(
                new ApplicationEntity("RADFLOW"), new Connection("127.0.0.1", orthanc.dicomPort), "ORTHANC");
        assertThat(scu.send(StoreSCU.scan(paths), 1))
                .allSatisfy(r -> assertThat(r.status()).as(r.error()).isZero());
        client = new DicomWebClient(orthanc.dicomWebRoot());
    }

    @AfterAll
    static void stop() throws Exception {
        if (orthanc != null) {
            orthanc.close();
        }
    }

    static Attributes read(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file)) {
            return in.readDataset();
        }
    }

    static Attributes withoutPixelData(Attributes ds) {
        Attributes copy = new Attributes(ds);
        copy.remove(Tag.PixelData);
        return copy;
    }

    /** {@code ds} with each DS value rewritten from its number, nested data sets included. */
    static Attributes dsAsNumbers(Attributes ds) {
        for (int tag : ds.tags()) {
            if (ds.getVR(tag) == VR.DS && ds.containsValue(tag)) {
                ds.setDouble(tag, VR.DS, ds.getDoubles(tag));
            } else if (ds.getVR(tag) == VR.SQ) {
                ds.getSequence(tag).forEach(DicomWebClientInteropTest::dsAsNumbers);
            }
        }
        return ds;
    }

    @Test
    void metadataComesBackEqualToTheFiles() throws Exception {
        List<Attributes> metadata = client.seriesMetadata(study, series);

        assertThat(metadata).hasSize(files.size());
        for (Attributes m : metadata) {
            Attributes file = files.get(m.getString(Tag.SOPInstanceUID));
            assertThat(file).as("an instance of the series").isNotNull();
            assertThat(m.getValue(Tag.PixelData))
                    .as("pixel data as a bulk data reference")
                    .isNotNull();
            // Orthanc writes DS values as JSON numbers: 74.1 comes back as 74.099999999999994
            assertThat(dsAsNumbers(withoutPixelData(m))).isEqualTo(dsAsNumbers(withoutPixelData(file)));
        }
    }

    @Test
    void instancesComeBackEqualToTheFiles() throws Exception {
        List<RetrievedInstance> all = client.retrieveSeries(study, series);

        assertThat(all).hasSize(files.size());
        for (RetrievedInstance ri : all) {
            assertThat(ri.dataset()).isEqualTo(files.get(ri.sopInstanceUid()));
            assertThat(ri.transferSyntaxUid()).isEqualTo(UID.ExplicitVRLittleEndian);
            assertThat(ri.pixelData().frames()).isOne();
        }
        String uid = files.keySet().iterator().next();
        RetrievedInstance one = client.retrieveInstance(study, series, uid);
        assertThat(one.dataset()).isEqualTo(files.get(uid));
    }

    @Test
    void seriesLoadsInPositionOrderAlongTheNormal() throws Exception {
        List<String> byPosition = chest.primaryCt().slices().stream()
                .sorted(Comparator.comparingDouble(SliceTruth::z)) // normal (0,0,1): ascending z
                .map(SliceTruth::sopInstanceUid)
                .toList();
        List<String> byInstanceNumber = chest.primaryCt().slices().stream()
                .map(SliceTruth::sopInstanceUid)
                .toList();
        assertThat(List.copyOf(files.keySet())).as("file order").isNotEqualTo(byPosition);
        assertThat(byInstanceNumber).isNotEqualTo(byPosition);

        List<RetrievedInstance> loaded = new SeriesLoader(client).load(study, series);

        assertThat(loaded).extracting(RetrievedInstance::sopInstanceUid).isEqualTo(byPosition);
    }

    @Test
    void segAndSrStoredByStowLandInOrthancAndStoringThemAgainIsNoError() throws Exception {
        List<Attributes> images = files.values().stream()
                .map(DicomWebClientInteropTest::withoutPixelData)
                .toList();
        Attributes seg = TestResults.seg(images);
        Attributes sr = TestResults.sr(images.get(0));
        List<String> uids = List.of(seg.getString(Tag.SOPInstanceUID), sr.getString(Tag.SOPInstanceUID));

        StoreResult first = client.store(List.of(seg, sr));

        assertThat(first.httpStatus()).isEqualTo(200);
        assertThat(first.stored()).containsExactlyElementsOf(uids);
        assertThat(first.failed()).isEmpty();
        HttpResponse<String> qido =
                orthanc.get("/dicom-web/studies/" + study + "/series", "Accept", "application/dicom+json");
        assertThat(qido.body()).contains(seg.getString(Tag.SeriesInstanceUID), sr.getString(Tag.SeriesInstanceUID));
        assertThat(client.seriesMetadata(study, seg.getString(Tag.SeriesInstanceUID)))
                .extracting(a -> a.getString(Tag.Modality))
                .containsExactly("SEG");

        StoreResult again = client.store(List.of(seg, sr));

        // Orthanc keeps the stored instance and answers success for a resent one
        assertThat(again.allStored()).as(again.toString()).isTrue();
        assertThat(again.stored()).containsExactlyElementsOf(uids);
    }

    @Test
    void unknownSeriesIsANonRetryable404() {
        DicomWebException e =
                catchThrowableOfType(DicomWebException.class, () -> client.retrieveSeries(study, "1.2.3.4.5.404"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.retryable()).isFalse();
        assertThat(e.uri().toString()).endsWith("/series/1.2.3.4.5.404");
        assertThat(catchThrowableOfType(DicomWebException.class, () -> client.seriesMetadata(study, "1.2.3.4.5.404"))
                        .retryable())
                .isFalse();
    }

    @Test
    void stoppedOrthancIsARetryableFailure(@TempDir Path dir) throws Exception {
        OrthancPeer stopped = OrthancPeer.start(dir);
        DicomWebClient c = new DicomWebClient(stopped.dicomWebRoot());
        assertThat(catchThrowableOfType(DicomWebException.class, () -> c.seriesMetadata(study, series))
                        .status())
                .as("up, without the series")
                .isEqualTo(404);
        stopped.close();

        DicomWebException e = catchThrowableOfType(DicomWebException.class, () -> c.seriesMetadata(study, series));

        assertThat(e.retryable()).as(e.toString()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e).hasMessageContaining(stopped.dicomWebRoot());
    }
}
