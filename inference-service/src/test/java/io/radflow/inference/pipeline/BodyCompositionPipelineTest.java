package io.radflow.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.radflow.dicom.data.Tag;
import io.radflow.dicom.data.UID;
import io.radflow.dicom.seg.SegmentationReader;
import io.radflow.dicom.sr.MeasurementReport;
import io.radflow.dicom.sr.SrReader;
import io.radflow.model.runtime.LoadedModel;
import io.radflow.model.runtime.ModelRepository;
import io.radflow.model.runtime.RuntimeOptions;
import io.radflow.teststudies.GroundTruth;
import io.radflow.teststudies.TestStudies;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed body-composition demo model through the segmentation pipeline on an unseen abdominal
 * CT: a SEG of the three tissues and an SR with a TID 1411 group per tissue (its area at the
 * suggested L3 slice), both valid for dciodvfy, and the L3 suggestion on the truth's slice (±1).
 */
class BodyCompositionPipelineTest {
    @TempDir
    Path tmp;

    @Test
    void tissuesL3AndValidObjects() throws Exception {
        try (ModelRepository repo =
                ModelRepository.load(Path.of("../models").toAbsolutePath().normalize(), RuntimeOptions.defaults())) {
            LoadedModel model =
                    repo.model("abdominal-ct-body-composition").orElseThrow(() -> new AssertionError(repo.failures()));
            GroundTruth truth = TestStudies.abdominalCt(9601, 16).writeTo(tmp.resolve("ct"));
            PipelineInput in = PipelinesTest.input(truth, model, "job/body");
            PipelineOutput out = new SegmentationPipeline().run(in, new Timings());
            assertThat(out.objects())
                    .extracting(a -> a.getString(Tag.SOPClassUID))
                    .containsExactly(UID.SegmentationStorage, UID.ComprehensiveSRStorage);
            PipelinesTest.assertValid(out.objects(), tmp.resolve("results"));
            assertThat(SegmentationReader.read(out.objects().get(0)).segments())
                    .extracting(s -> s.label())
                    .containsExactly("Skeletal muscle", "Subcutaneous fat", "Visceral fat");
            var slices = truth.primaryCt().slices();
            String l3 = (String) out.summary().get("l3SopInstanceUid");
            int found = -1;
            for (int i = 0; i < slices.size(); i++) {
                if (slices.get(i).sopInstanceUid().equals(l3)) {
                    found = i;
                }
            }
            assertThat(found)
                    .isBetween(
                            truth.primaryCt().l3SliceIndex() - 1,
                            truth.primaryCt().l3SliceIndex() + 1);
            var report = MeasurementReport.parse(SrReader.read(out.objects().get(1)));
            assertThat(report.groups()).hasSize(3).allSatisfy(g -> {
                assertThat(g.roi()).isInstanceOf(MeasurementReport.VolumetricRoi.class);
                assertThat(g.measurements())
                        .singleElement()
                        .satisfies(m -> assertThat(m.value().doubleValue()).isPositive());
            });
        }
    }
}
