package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.code.Codes;
import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import io.radflow.teststudies.dx.Finding;
import io.radflow.teststudies.dx.ViewPosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed chest X-ray demo model through the findings pipeline on an unseen AP radiograph with
 * pneumonia: the report calls pneumonia Present with its probability, boxes it where the truth has
 * it, keeps View Position, and says the model is a demo.
 */
class ChestXrayPipelineTest {
    @TempDir
    Path tmp;

    @Test
    void pneumoniaIsPresentAndBoxedWithItsViewPosition() throws Exception {
        try (ModelRepository repo =
                ModelRepository.load(Path.of("../models").toAbsolutePath().normalize(), RuntimeOptions.defaults())) {
            LoadedModel model =
                    repo.model("chest-xray-findings").orElseThrow(() -> new AssertionError(repo.failures()));
            GroundTruth truth = TestStudies.chestRadiograph(9501, ViewPosition.AP, List.of(Finding.PNEUMONIA))
                    .writeTo(tmp.resolve("dx"));
            PipelineOutput out =
                    new FindingsPipeline().run(PipelinesTest.input(truth, model, "job/xray"), new Timings());
            assertThat(out.objects()).singleElement().satisfies(sr -> assertThat(sr.getString(Tag.SOPClassUID))
                    .isEqualTo(UID.ComprehensiveSRStorage));
            assertThat(out.summary()).containsEntry("positive", true).containsEntry("viewPosition", "AP");
            PipelinesTest.assertValid(out.objects(), tmp.resolve("results"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> findings =
                    (List<Map<String, Object>>) out.summary().get("findings");
            assertThat(findings)
                    .filteredOn(f -> f.get("label").equals("Pneumonia"))
                    .singleElement()
                    .satisfies(f -> assertThat(f).containsEntry("present", true));
            var report = MeasurementReport.parse(SrReader.read(out.objects().get(0)));
            var box = truth.dx().findings().get(0);
            assertThat(report.groups())
                    .filteredOn(
                            g -> g.roi() instanceof MeasurementReport.PlanarRoi && Codes.PNEUMONIA.equals(g.finding()))
                    .anySatisfy(g -> {
                        float[] d = ((MeasurementReport.PlanarRoi) g.roi()).data();
                        double ix = Math.max(0, Math.min(d[2], box.columnMax() + 1) - Math.max(d[0], box.columnMin()));
                        double iy = Math.max(0, Math.min(d[5], box.rowMax() + 1) - Math.max(d[1], box.rowMin()));
                        double inter = ix * iy;
                        double union = (d[2] - d[0]) * (d[5] - d[1])
                                + (box.columnMax() + 1.0 - box.columnMin()) * (box.rowMax() + 1.0 - box.rowMin())
                                - inter;
                        assertThat(inter / union).as("box IoU").isGreaterThanOrEqualTo(0.5);
                        assertThat(g.algorithm().parameters()).contains(ResultEncoding.DEMO_NOTICE, "ViewPosition=AP");
                    });
        }
    }
}
